@NullMarked
package dev.symbia.logging.access;

import org.jspecify.annotations.NullMarked;
