package dev.symbia.messaging.conversation;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A conversation on the wire. {@code participants} is present where the conversation is shown on
 * its own (get, create, update), absent in lists; {@code role} is the caller's role, when it has one.
 */
public record ConversationView(UUID id, String orgId, String type, String name, String description, String createdBy,
        Map<String, Object> metadata, Instant createdAt, Instant updatedAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) String role,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<ParticipantView> participants) {

    public static ConversationView of(Conversation c) {
        return of(c, null, null);
    }

    public static ConversationView of(Conversation c, String role, List<Participant> participants) {
        return new ConversationView(c.id(), c.orgId(), c.type(), c.name(), c.description(), c.createdBy(), c.metadata(),
                c.createdAt(), c.updatedAt(), role,
                participants == null ? null : participants.stream().map(ParticipantView::of).toList());
    }
}
