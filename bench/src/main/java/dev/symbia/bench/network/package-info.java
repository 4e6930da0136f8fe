@NullMarked
package dev.symbia.bench.network;

import org.jspecify.annotations.NullMarked;
