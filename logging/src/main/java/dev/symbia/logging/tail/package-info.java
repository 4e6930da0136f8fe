@NullMarked
package dev.symbia.logging.tail;

import org.jspecify.annotations.NullMarked;
