@NullMarked
package dev.symbia.runtime.graph;

import org.jspecify.annotations.NullMarked;
