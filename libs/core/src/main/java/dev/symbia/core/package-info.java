@NullMarked
package dev.symbia.core;

import org.jspecify.annotations.NullMarked;
