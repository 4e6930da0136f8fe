@NullMarked
package dev.symbia.messaging.conversation;

import org.jspecify.annotations.NullMarked;
