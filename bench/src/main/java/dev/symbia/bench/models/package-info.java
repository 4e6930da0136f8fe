@NullMarked
package dev.symbia.bench.models;

import org.jspecify.annotations.NullMarked;
