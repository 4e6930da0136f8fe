package dev.symbia.network.routing;

import dev.symbia.relay.RejectionReason;

/** An event the network refused; already counted, logged and stored when thrown. */
public class EventRejection extends RuntimeException {

    private final RejectionReason reason;

    EventRejection(RejectionReason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public RejectionReason reason() {
        return reason;
    }
}
