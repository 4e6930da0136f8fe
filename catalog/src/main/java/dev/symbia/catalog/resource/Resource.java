package dev.symbia.catalog.resource;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * A resource as the API shows it (the reference's field names). {@code currentVersion} is the newest published
 * version, 0 before the first publish.
 */
public record Resource(
        UUID id,
        String key,
        String name,
        String description,
        String type,
        String status,
        @JsonProperty("isBootstrap") boolean isBootstrap,
        List<String> tags,
        String orgId,
        String ownerId,
        JsonNode accessPolicy,
        JsonNode metadata,
        int currentVersion,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt) {

    public static final List<String> TYPES = List.of("component", "graph", "assistant", "integration", "context", "app");
    public static final List<String> STATUSES = List.of("draft", "published", "deprecated");
}
