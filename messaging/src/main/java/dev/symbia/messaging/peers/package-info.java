/** The other platform services as messaging reaches them: their URLs, resolved in one place. */
@NullMarked
package dev.symbia.messaging.peers;

import org.jspecify.annotations.NullMarked;
