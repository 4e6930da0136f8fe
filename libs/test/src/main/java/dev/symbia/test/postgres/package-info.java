@NullMarked
package dev.symbia.test.postgres;

import org.jspecify.annotations.NullMarked;
