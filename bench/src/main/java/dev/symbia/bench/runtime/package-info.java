@NullMarked
package dev.symbia.bench.runtime;

import org.jspecify.annotations.NullMarked;
