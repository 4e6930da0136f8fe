@NullMarked
package dev.symbia.bench.gateway;

import org.jspecify.annotations.NullMarked;
