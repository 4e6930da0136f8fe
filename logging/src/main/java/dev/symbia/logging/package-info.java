@NullMarked
package dev.symbia.logging;

import org.jspecify.annotations.NullMarked;
