@NullMarked
package dev.symbia.catalog.manifest;

import org.jspecify.annotations.NullMarked;
