package dev.symbia.messaging.message;

import java.util.Map;
import java.util.UUID;

/**
 * A message to append to a conversation.
 *
 * @param id            client-chosen id (appending the same id again returns the stored message); null → generated
 * @param senderType    {@code user}, {@code agent} or {@code service}
 * @param contentType   {@code text}, {@code markdown}, …; {@code event} for control events
 * @param priority      {@code low}, {@code normal}, {@code high} or {@code critical}
 * @param metadata      free-form JSON object (null → empty)
 */
public record NewMessage(UUID id, UUID conversationId, String orgId, String senderId, String senderType, String content,
        String contentType, MessageStatus status, UUID replyTo, UUID runId, String traceId, String priority,
        boolean interruptible, UUID preemptedBy, Map<String, Object> metadata) {

    public static final String TEXT = "text";
    public static final String EVENT = "event";
    public static final String NORMAL = "normal";

    public NewMessage {
        contentType = contentType == null ? TEXT : contentType;
        status = status == null ? MessageStatus.COMPLETE : status;
        priority = priority == null ? NORMAL : priority;
        metadata = metadata == null ? Map.of() : metadata;
    }

    /** A text message with the defaults for the rest: generated id, no reply, normal priority, interruptible. */
    public static NewMessage text(UUID conversationId, String orgId, String senderId, String senderType,
            String content, MessageStatus status, Map<String, Object> metadata) {
        return new NewMessage(null, conversationId, orgId, senderId, senderType, content, TEXT, status, null, null, null,
                NORMAL, true, null, metadata);
    }

    /** The same message under a caller-chosen id. */
    public NewMessage withId(UUID id) {
        return new NewMessage(id, conversationId, orgId, senderId, senderType, content, contentType, status, replyTo,
                runId, traceId, priority, interruptible, preemptedBy, metadata);
    }

    /** The same message as a reply to {@code replyTo}, within trace {@code traceId} (either may be null). */
    public NewMessage inReplyTo(UUID replyTo, String traceId) {
        return new NewMessage(id, conversationId, orgId, senderId, senderType, content, contentType, status, replyTo,
                runId, traceId, priority, interruptible, preemptedBy, metadata);
    }
}
