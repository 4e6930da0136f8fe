package dev.symbia.messaging.conversation;

import dev.symbia.auth.Caller;
import dev.symbia.messaging.live.Memberships;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** Live delivery's question "who receives this conversation?", answered from the participants this package owns. */
@Component
class ConversationMemberships implements Memberships {

    private final ConversationStore store;

    ConversationMemberships(ConversationStore store) {
        this.store = store;
    }

    @Override
    public List<UUID> conversationsOf(Caller who) {
        return store.idsForParticipant(who.orgId(), who.actorId(), who.actorType().wire());
    }

    @Override
    public boolean isParticipant(UUID conversationId, Caller who) {
        return store.isParticipant(conversationId, who.orgId(), who.actorId(), who.actorType().wire());
    }
}
