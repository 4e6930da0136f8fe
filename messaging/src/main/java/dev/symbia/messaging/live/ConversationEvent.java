package dev.symbia.messaging.live;

import java.util.Objects;
import java.util.UUID;

/**
 * Something that happened in a conversation, for its live subscribers (WebSocket, SSE, and those of
 * other replicas). Publish it with Spring's {@code ApplicationEventPublisher}; it is delivered after
 * the surrounding transaction commits (at once when there is none).
 *
 * @param conversationId the conversation whose subscribers receive it
 * @param name           the wire event name: {@code message:new}, {@code message:updated},
 *                       {@code message:deleted}, {@code message:delta}, {@code typing:started}, {@code stream.cancel} …
 * @param payload        a wire record, serialised as JSON
 * @param origin         principal id that caused it, or null; lets receivers skip echoes where the
 *                       protocol says so (typing indicators)
 * @param durable        kept for SSE resume ({@code Last-Event-ID}) when true; fire-and-forget when false
 *                       (typing, reply deltas)
 */
public record ConversationEvent(UUID conversationId, String name, Object payload, String origin, boolean durable) {

    public ConversationEvent {
        Objects.requireNonNull(conversationId, "conversationId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(payload, "payload");
    }

    public static ConversationEvent durable(UUID conversationId, String name, Object payload, String origin) {
        return new ConversationEvent(conversationId, name, payload, origin, true);
    }

    public static ConversationEvent ephemeral(UUID conversationId, String name, Object payload, String origin) {
        return new ConversationEvent(conversationId, name, payload, origin, false);
    }
}
