@NullMarked
package dev.symbia.logging.traces;

import org.jspecify.annotations.NullMarked;
