@NullMarked
package dev.symbia.messaging.message;

import org.jspecify.annotations.NullMarked;
