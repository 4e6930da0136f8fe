@NullMarked
package dev.symbia.messaging.agent;

import org.jspecify.annotations.NullMarked;
