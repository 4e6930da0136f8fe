@NullMarked
package dev.symbia.catalog.artifact;

import org.jspecify.annotations.NullMarked;
