@NullMarked
package dev.symbia.gateway.routing;

import org.jspecify.annotations.NullMarked;
