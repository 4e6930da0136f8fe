@NullMarked
package dev.symbia.network.mirror;

import org.jspecify.annotations.NullMarked;
