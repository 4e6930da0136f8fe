package dev.symbia.network.trace;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * How routing an event ended: delivered to at least one node; unrouted (no explicit target and no
 * contract matched — not a failure); dropped (denied by policy, or no target reachable at all);
 * error (deliveries were attempted and all failed).
 */
public enum TraceStatus {
    DELIVERED, UNROUTED, DROPPED, ERROR;

    private final String wire = name().toLowerCase(Locale.ROOT);

    @JsonValue
    public String wire() {
        return wire;
    }

    public static TraceStatus parse(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
