@NullMarked
package dev.symbia.integrations.openai;

import org.jspecify.annotations.NullMarked;
