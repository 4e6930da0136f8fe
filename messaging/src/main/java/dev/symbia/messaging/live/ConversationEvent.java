package dev.symbia.messaging.live;

import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

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
 * @param assistants     for {@code message:new}: the conversation's assistants ({@code assistant:<key>} ids, sorted) as
 *                       the transaction that wrote the message saw them, when it read them with the insert; null when
 *                       not read (whoever needs them asks the conversation)
 */
public record ConversationEvent(UUID conversationId, String name, Object payload, String origin, boolean durable,
        @Nullable List<String> assistants) {

    public ConversationEvent {
        Objects.requireNonNull(conversationId, "conversationId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(payload, "payload");
    }

    public static ConversationEvent durable(UUID conversationId, String name, Object payload, String origin) {
        return new ConversationEvent(conversationId, name, payload, origin, true, null);
    }

    public static ConversationEvent ephemeral(UUID conversationId, String name, Object payload, String origin) {
        return new ConversationEvent(conversationId, name, payload, origin, false, null);
    }

    /** The same event, carrying the conversation's assistants (null: not known). */
    public ConversationEvent withAssistants(@Nullable List<String> ids) {
        return new ConversationEvent(conversationId, name, payload, origin, durable, ids == null ? null : List.copyOf(ids));
    }
}
