@NullMarked
package dev.symbia.db;

import org.jspecify.annotations.NullMarked;
