package dev.symbia.messaging.conversation;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A conversation of one org.
 *
 * @param type      {@code private} or {@code group}
 * @param createdBy principal id of its creator (its owner)
 * @param metadata  free-form JSON object, never null
 */
public record Conversation(UUID id, String orgId, String type, String name, String description,
        String createdBy, Map<String, Object> metadata, Instant createdAt, Instant updatedAt) {

    public static final String PRIVATE = "private";
    public static final String GROUP = "group";

    public Conversation {
        metadata = metadata == null ? Map.of() : metadata;
    }

    public boolean isPrivate() {
        return PRIVATE.equals(type);
    }
}
