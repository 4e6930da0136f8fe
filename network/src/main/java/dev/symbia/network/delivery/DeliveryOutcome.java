package dev.symbia.network.delivery;

/**
 * How one delivery went.
 *
 * @param delivered true when the node has it (socket frame written, or HTTP 2xx)
 * @param via       websocket, http, or none (no way to reach the node)
 * @param attempts  HTTP attempts made (1 for a socket)
 * @param durationMs time spent delivering
 * @param detail    why it failed, safe to show (no response bodies)
 */
public record DeliveryOutcome(boolean delivered, String via, int attempts, long durationMs, String detail) {

    /** True when a delivery was attempted and failed, as opposed to the node being unreachable at all. */
    public boolean failed() {
        return !delivered && attempts > 0;
    }
}
