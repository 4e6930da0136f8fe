@NullMarked
package dev.symbia.assistants;

import org.jspecify.annotations.NullMarked;
