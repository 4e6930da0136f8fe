@NullMarked
package dev.symbia.catalog.resource;

import org.jspecify.annotations.NullMarked;
