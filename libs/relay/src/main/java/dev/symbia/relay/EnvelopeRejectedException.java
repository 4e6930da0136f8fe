package dev.symbia.relay;

/** An envelope was refused. The message is safe to show the sender: it never quotes secrets. */
public class EnvelopeRejectedException extends RuntimeException {

    private final RejectionReason reason;

    public EnvelopeRejectedException(RejectionReason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public RejectionReason reason() {
        return reason;
    }
}
