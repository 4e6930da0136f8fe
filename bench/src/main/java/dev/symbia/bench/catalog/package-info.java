@NullMarked
package dev.symbia.bench.catalog;

import org.jspecify.annotations.NullMarked;
