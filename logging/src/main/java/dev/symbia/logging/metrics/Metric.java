package dev.symbia.logging.metrics;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A metric definition in one org. */
public record Metric(UUID id, UUID orgId, String name, String description, String unit, String type,
        List<String> tags, Integer retentionDays, String createdBy, Instant createdAt, Instant updatedAt) {
}
