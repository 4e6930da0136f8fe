@NullMarked
package dev.symbia.assistants.streaming;

import org.jspecify.annotations.NullMarked;
