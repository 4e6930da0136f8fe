@NullMarked
package dev.symbia.assistants.engine;

import org.jspecify.annotations.NullMarked;
