@NullMarked
package dev.symbia.runtime.component;

import org.jspecify.annotations.NullMarked;
