@NullMarked
package dev.symbia.assistants.llm;

import org.jspecify.annotations.NullMarked;
