/** Event envelope, canonical JSON, signatures and the relay client. */
@NullMarked
package dev.symbia.relay;

import org.jspecify.annotations.NullMarked;
