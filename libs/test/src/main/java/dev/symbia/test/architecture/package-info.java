@NullMarked
package dev.symbia.test.architecture;

import org.jspecify.annotations.NullMarked;
