package dev.symbia.messaging.message;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A stored message. {@code sequence} orders the messages of a conversation without gaps
 * (1, 2, 3 …); {@code deletedAt} is set on soft-deleted ones, which listings leave out.
 */
public record Message(UUID id, UUID conversationId, String orgId, long sequence, String senderId,
        String senderType, String content, String contentType, MessageStatus status, UUID replyTo, UUID runId,
        String traceId, String priority, boolean interruptible, UUID preemptedBy, Map<String, Object> metadata,
        Instant createdAt, Instant updatedAt, Instant editedAt, Instant deletedAt) {

    public boolean isEvent() {
        return NewMessage.EVENT.equals(contentType);
    }

    public boolean isDeleted() {
        return deletedAt != null;
    }
}
