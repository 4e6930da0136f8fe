@NullMarked
package dev.symbia.bench;

import org.jspecify.annotations.NullMarked;
