@NullMarked
package dev.symbia.runtime.execution;

import org.jspecify.annotations.NullMarked;
