@NullMarked
package dev.symbia.logging.metrics;

import org.jspecify.annotations.NullMarked;
