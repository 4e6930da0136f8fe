@NullMarked
package dev.symbia.catalog;

import org.jspecify.annotations.NullMarked;
