package dev.symbia.network.trace;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/** The record of routing one event; {@code path} holds its hops (the reference's field name). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Trace(String eventId, String runId, TraceStatus status, String error, List<Hop> path, long totalDurationMs,
        Instant createdAt) {
}
