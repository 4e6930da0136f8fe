package dev.symbia.logging.logs;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** A log entry to store; the org comes from the writer, never from here. */
public record NewLogEntry(UUID streamId, Instant timestamp, Level level, String service, String message,
        String traceId, String spanId, Map<String, Object> attributes, Map<String, Object> resource) {
}
