package dev.symbia.logging.logs;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** A stored log entry as clients see it (queries, the live tail). */
public record LogEntry(UUID id, UUID streamId, UUID orgId, Instant timestamp, String level, String service,
        String message, String traceId, String spanId, Map<String, Object> metadata, Map<String, Object> resource) {
}
