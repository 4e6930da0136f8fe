@NullMarked
package dev.symbia.catalog.access;

import org.jspecify.annotations.NullMarked;
