package dev.symbia.messaging.conversation;

import java.util.UUID;

/** Payload of the live events {@code participant:joined} and {@code participant:left}. */
public record ParticipantEvent(UUID conversationId, String principalId, String principalType, String role) {

    public static final String JOINED = "participant:joined";
    public static final String LEFT = "participant:left";

    static ParticipantEvent of(Participant participant) {
        return new ParticipantEvent(participant.conversationId(), participant.principalId(), participant.principalType(),
                participant.role());
    }
}
