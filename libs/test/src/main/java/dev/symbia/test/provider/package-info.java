@NullMarked
package dev.symbia.test.provider;

import org.jspecify.annotations.NullMarked;
