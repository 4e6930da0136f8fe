@NullMarked
package dev.symbia.models.openai;

import org.jspecify.annotations.NullMarked;
