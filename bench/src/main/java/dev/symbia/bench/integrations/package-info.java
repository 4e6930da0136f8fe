@NullMarked
package dev.symbia.bench.integrations;

import org.jspecify.annotations.NullMarked;
