@NullMarked
package dev.symbia.messaging.control;

import org.jspecify.annotations.NullMarked;
