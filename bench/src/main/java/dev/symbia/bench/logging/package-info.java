@NullMarked
package dev.symbia.bench.logging;

import org.jspecify.annotations.NullMarked;
