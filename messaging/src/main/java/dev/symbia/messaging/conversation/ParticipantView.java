package dev.symbia.messaging.conversation;

import java.time.Instant;
import java.util.UUID;

/** A participant on the wire. */
public record ParticipantView(UUID conversationId, String principalId, String principalType, String role,
        Instant joinedAt, Instant lastReadAt) {

    public static ParticipantView of(Participant participant) {
        return new ParticipantView(participant.conversationId(), participant.principalId(), participant.principalType(),
                participant.role(), participant.joinedAt(), participant.lastReadAt());
    }
}
