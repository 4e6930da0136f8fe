@NullMarked
package dev.symbia.runtime;

import org.jspecify.annotations.NullMarked;
