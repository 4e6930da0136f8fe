@NullMarked
package dev.symbia.logging.otlp;

import org.jspecify.annotations.NullMarked;
