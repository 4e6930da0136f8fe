package dev.symbia.catalog.resource;

import java.time.OffsetDateTime;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/** One immutable published version: the content snapshot {name, description, metadata, accessPolicy, tags}. */
public record ResourceVersion(
        UUID id,
        UUID resourceId,
        String key,
        int version,
        String semver,
        JsonNode content,
        String changelog,
        String createdBy,
        OffsetDateTime publishedAt) {
}
