/** The whole platform started as processes for the end-to-end benchmarks (start.sh, an isolated home, free ports). */
@NullMarked
package dev.symbia.bench.stack;

import org.jspecify.annotations.NullMarked;
