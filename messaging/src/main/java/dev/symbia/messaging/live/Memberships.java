package dev.symbia.messaging.live;

import dev.symbia.auth.Caller;
import java.util.List;
import java.util.UUID;

/**
 * Who may receive a conversation's events: its participants, and only in the conversation's own org (a
 * conversation of another org does not exist for the caller). The conversation package owns those tables and
 * answers (live does not depend on it: it publishes into live).
 */
public interface Memberships {

    /** The conversations of the caller's org it takes part in. */
    List<UUID> conversationsOf(Caller who);

    boolean isParticipant(UUID conversationId, Caller who);
}
