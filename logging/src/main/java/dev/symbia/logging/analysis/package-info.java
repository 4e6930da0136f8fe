@NullMarked
package dev.symbia.logging.analysis;

import org.jspecify.annotations.NullMarked;
