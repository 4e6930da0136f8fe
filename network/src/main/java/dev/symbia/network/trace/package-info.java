@NullMarked
package dev.symbia.network.trace;

import org.jspecify.annotations.NullMarked;
