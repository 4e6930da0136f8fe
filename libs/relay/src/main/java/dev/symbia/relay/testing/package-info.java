@NullMarked
package dev.symbia.relay.testing;

import org.jspecify.annotations.NullMarked;
