@NullMarked
package dev.symbia.assistants.conversation;

import org.jspecify.annotations.NullMarked;
