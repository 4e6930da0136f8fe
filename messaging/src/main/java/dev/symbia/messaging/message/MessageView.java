package dev.symbia.messaging.message;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** A message on the wire (REST answers and the live {@code message:new} / {@code message:updated} payloads). */
public record MessageView(UUID id, UUID conversationId, String orgId, long sequence, String senderId,
        String senderType, String content, String contentType, MessageStatus status, UUID replyTo, UUID runId,
        String traceId, String priority, boolean interruptible, UUID preemptedBy, Map<String, Object> metadata,
        Instant createdAt, Instant updatedAt, Instant editedAt, Instant deletedAt) {

    public static MessageView of(Message m) {
        return new MessageView(m.id(), m.conversationId(), m.orgId(), m.sequence(), m.senderId(), m.senderType(),
                m.content(), m.contentType(), m.status(), m.replyTo(), m.runId(), m.traceId(), m.priority(),
                m.interruptible(), m.preemptedBy(), m.metadata(), m.createdAt(), m.updatedAt(), m.editedAt(), m.deletedAt());
    }
}
