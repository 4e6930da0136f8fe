@NullMarked
package dev.symbia.test.vendor;

import org.jspecify.annotations.NullMarked;
