package dev.symbia.relay;

/**
 * Why an envelope was refused, shared by the network and the relay so both speak the same codes.
 * The wire code is what acks, problem responses, metrics and stored rejection records carry.
 */
public enum RejectionReason {
    /** Not an envelope: missing or ill-typed fields, unknown fields, duplicate keys, non I-JSON values. */
    MALFORMED("malformed"),
    /** The HMAC does not match the canonical form under the shared secret. */
    BAD_SIGNATURE("bad-signature"),
    /** The timestamp is outside the replay window (too old or too far in the future). */
    OUTSIDE_WINDOW("outside-window"),
    /** The source is not a registered node. */
    UNKNOWN_SOURCE("unknown-source"),
    /** The source is a node the sending connection or principal does not own. */
    IMPERSONATION("impersonation"),
    /** An event with this id was already accepted: a replay inside the window. */
    DUPLICATE("duplicate"),
    /** The sender lacks the capability to publish. */
    FORBIDDEN("forbidden"),
    /** The connection has not registered a node yet. */
    NOT_REGISTERED("not-registered");

    private final String code;

    RejectionReason(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static RejectionReason fromCode(String code) {
        for (RejectionReason reason : values()) {
            if (reason.code.equals(code)) {
                return reason;
            }
        }
        return MALFORMED;
    }
}
