package dev.symbia.network.contract;

import dev.symbia.relay.Boundary;
import dev.symbia.relay.EventTypePattern;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Permission for {@code from} (a node id or {@code *}) to reach {@code to} (a node id or {@code *},
 * every other online node) with events whose type matches one of the patterns and whose boundary is
 * listed, until {@code expiresAt} (never when null).
 */
public record Contract(UUID id, String from, String to, List<EventTypePattern> allowedEventTypes, Set<Boundary> boundaries,
        String createdBy, Instant createdAt, Instant expiresAt) {

    public static final String ANY = "*";

    /** The one matching rule, used by the router and the simulator alike. */
    public boolean matches(String source, String eventType, Boundary boundary, Instant now) {
        if (!(ANY.equals(from) || from.equals(source)) || !boundaries.contains(boundary)
                || expiresAt != null && !now.isBefore(expiresAt)) {
            return false;
        }
        for (EventTypePattern pattern : allowedEventTypes) { // a loop, not a stream: once per event and contract (issue 26)
            if (pattern.matches(eventType)) {
                return true;
            }
        }
        return false;
    }
}
