@NullMarked
package dev.symbia.integrations.provider.openai;

import org.jspecify.annotations.NullMarked;
