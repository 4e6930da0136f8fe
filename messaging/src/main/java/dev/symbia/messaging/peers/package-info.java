/** The other platform services as messaging reaches them: their URLs, resolved in one place. */
package dev.symbia.messaging.peers;
