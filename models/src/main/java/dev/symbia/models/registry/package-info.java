@NullMarked
package dev.symbia.models.registry;

import org.jspecify.annotations.NullMarked;
