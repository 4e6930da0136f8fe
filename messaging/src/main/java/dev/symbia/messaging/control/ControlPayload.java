package dev.symbia.messaging.control;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * What a control event says, broadcast as the live event named {@link #event()} (e.g.
 * {@code stream.cancel}) and stored as {@code metadata.control} of its message.
 *
 * @param target      null when the event concerns the whole conversation
 * @param effectiveAt when the server accepted it
 * @param messageId   id of the stored control message
 */
public record ControlPayload(String event, UUID conversationId, ControlTarget target, String reason, UUID preemptedBy,
        UUID runId, String traceId, Instant effectiveAt, UUID messageId) {

    /** The same as a JSON object for the message's metadata (ids and instants as strings). */
    Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("event", event);
        map.put("conversationId", conversationId.toString());
        map.put("target", target == null ? null : target.toMap());
        map.put("reason", reason);
        map.put("preemptedBy", preemptedBy == null ? null : preemptedBy.toString());
        map.put("runId", runId == null ? null : runId.toString());
        map.put("traceId", traceId);
        map.put("effectiveAt", effectiveAt.toString());
        map.put("messageId", messageId.toString());
        return map;
    }
}
