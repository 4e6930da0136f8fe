@NullMarked
package dev.symbia.catalog.config;

import org.jspecify.annotations.NullMarked;
