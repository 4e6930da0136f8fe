@NullMarked
package dev.symbia.relay.autoconfigure;

import org.jspecify.annotations.NullMarked;
