@NullMarked
package dev.symbia.embeddedpg;

import org.jspecify.annotations.NullMarked;
