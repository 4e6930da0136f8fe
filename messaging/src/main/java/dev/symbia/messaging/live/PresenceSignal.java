package dev.symbia.messaging.live;

import dev.symbia.auth.Caller;
import java.util.UUID;

/** Payload of {@code participant:online|offline} and {@code typing:started|stopped}. */
record PresenceSignal(UUID conversationId, String principalId, String principalType) {

    static PresenceSignal of(UUID conversationId, Caller who) {
        return new PresenceSignal(conversationId, who.actorId(), who.actorType().wire());
    }
}
