@NullMarked
package dev.symbia.models.inference;

import org.jspecify.annotations.NullMarked;
