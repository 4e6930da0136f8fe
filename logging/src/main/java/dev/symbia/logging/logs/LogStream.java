package dev.symbia.logging.logs;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A named stream of log entries in one org, with its retention. */
public record LogStream(UUID id, UUID orgId, String name, String description, String source, String level,
        List<String> tags, Integer retentionDays, String createdBy, Instant createdAt, Instant updatedAt) {
}
