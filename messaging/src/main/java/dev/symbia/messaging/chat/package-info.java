@NullMarked
package dev.symbia.messaging.chat;

import org.jspecify.annotations.NullMarked;
