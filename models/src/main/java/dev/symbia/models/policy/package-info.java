@NullMarked
package dev.symbia.models.policy;

import org.jspecify.annotations.NullMarked;
