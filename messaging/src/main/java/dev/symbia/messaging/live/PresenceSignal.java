package dev.symbia.messaging.live;

import java.util.UUID;

/** Payload of {@code participant:online|offline} and {@code typing:started|stopped}. */
record PresenceSignal(UUID conversationId, String principalId, String principalType) {

    static PresenceSignal of(UUID conversationId, Participant who) {
        return new PresenceSignal(conversationId, who.id(), who.type());
    }
}
