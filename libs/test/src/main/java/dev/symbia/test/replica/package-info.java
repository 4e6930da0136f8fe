@NullMarked
package dev.symbia.test.replica;

import org.jspecify.annotations.NullMarked;
