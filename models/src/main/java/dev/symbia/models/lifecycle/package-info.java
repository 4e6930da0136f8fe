@NullMarked
package dev.symbia.models.lifecycle;

import org.jspecify.annotations.NullMarked;
