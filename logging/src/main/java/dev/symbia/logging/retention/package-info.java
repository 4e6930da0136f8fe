@NullMarked
package dev.symbia.logging.retention;

import org.jspecify.annotations.NullMarked;
