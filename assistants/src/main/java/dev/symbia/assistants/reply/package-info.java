@NullMarked
package dev.symbia.assistants.reply;

import org.jspecify.annotations.NullMarked;
