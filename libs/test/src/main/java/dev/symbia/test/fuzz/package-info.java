@NullMarked
package dev.symbia.test.fuzz;

import org.jspecify.annotations.NullMarked;
