@NullMarked
package dev.symbia.devdb;

import org.jspecify.annotations.NullMarked;
