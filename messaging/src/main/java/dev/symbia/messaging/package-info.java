@NullMarked
package dev.symbia.messaging;

import org.jspecify.annotations.NullMarked;
