@NullMarked
package dev.symbia.test;

import org.jspecify.annotations.NullMarked;
