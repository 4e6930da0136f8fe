package dev.symbia.relay;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Events not yet acknowledged by the network, in publish order. An event stays here from publish
 * until the network acks it, so one sent just before a connection drops is sent again after the
 * relay re-registers (the network drops the duplicate by id). Bounded: when full, the oldest is
 * dropped so publishing never blocks.
 */
final class Outbox {

    /**
     * An unsigned event; it is stamped and signed each time it is transmitted. {@code canonicalData}: the RFC 8785 form
     * of {@code data}, written once when the publication is checked and reused by every signature (issue 26: it was
     * written twice per publish).
     */
    record Draft(String id, String type, String target, String runId, String causedBy, Boundary boundary, JsonNode data,
            String canonicalData) {

        Draft(String id, String type, String target, String runId, String causedBy, Boundary boundary, JsonNode data) {
            this(id, type, target, runId, causedBy, boundary, data, Jcs.canonicalize(data));
        }
    }

    private static final class Slot {
        final Draft draft;
        boolean sent;

        Slot(Draft draft) {
            this.draft = draft;
        }
    }

    private final int capacity;
    private final LinkedHashMap<String, Slot> slots = new LinkedHashMap<>();

    Outbox(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("buffer capacity must be at least 1");
        }
        this.capacity = capacity;
    }

    /** Adds a draft; returns how many old drafts were dropped to make room (0 or 1). */
    synchronized int offer(Draft draft) {
        int dropped = 0;
        while (slots.size() >= capacity) {
            Iterator<Map.Entry<String, Slot>> oldest = slots.entrySet().iterator();
            oldest.next();
            oldest.remove();
            dropped++;
        }
        slots.put(draft.id(), new Slot(draft));
        return dropped;
    }

    /** Drafts not transmitted on the current connection, oldest first. */
    synchronized List<Draft> unsent() {
        List<Draft> result = new ArrayList<>();
        for (Slot slot : slots.values()) {
            if (!slot.sent) {
                result.add(slot.draft);
            }
        }
        return result;
    }

    synchronized void markSent(String id) {
        Slot slot = slots.get(id);
        if (slot != null) {
            slot.sent = true;
        }
    }

    /** The network answered for this event (accepted or refused for good): forget it. */
    synchronized boolean acknowledge(String id) {
        return slots.remove(id) != null;
    }

    /** The connection is gone: everything unacknowledged must be sent again. */
    synchronized void requeueAll() {
        slots.values().forEach(slot -> slot.sent = false);
    }

    synchronized int size() {
        return slots.size();
    }
}
