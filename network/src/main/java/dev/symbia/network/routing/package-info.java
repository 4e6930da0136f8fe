@NullMarked
package dev.symbia.network.routing;

import org.jspecify.annotations.NullMarked;
