@NullMarked
package dev.symbia.test.browser;

import org.jspecify.annotations.NullMarked;
