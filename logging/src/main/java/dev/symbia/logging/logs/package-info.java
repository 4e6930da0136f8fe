@NullMarked
package dev.symbia.logging.logs;

import org.jspecify.annotations.NullMarked;
