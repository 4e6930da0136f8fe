@NullMarked
package dev.symbia.runtime.config;

import org.jspecify.annotations.NullMarked;
