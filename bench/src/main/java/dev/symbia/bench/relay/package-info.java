@NullMarked
package dev.symbia.bench.relay;

import org.jspecify.annotations.NullMarked;
