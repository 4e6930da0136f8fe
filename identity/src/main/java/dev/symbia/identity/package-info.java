@NullMarked
package dev.symbia.identity;

import org.jspecify.annotations.NullMarked;
