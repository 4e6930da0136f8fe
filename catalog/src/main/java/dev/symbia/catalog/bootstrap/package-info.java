@NullMarked
package dev.symbia.catalog.bootstrap;

import org.jspecify.annotations.NullMarked;
