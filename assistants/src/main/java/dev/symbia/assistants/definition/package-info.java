@NullMarked
package dev.symbia.assistants.definition;

import org.jspecify.annotations.NullMarked;
