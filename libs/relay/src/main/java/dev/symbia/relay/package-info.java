/** Event envelope, canonical JSON, signatures and the relay client. */
package dev.symbia.relay;
