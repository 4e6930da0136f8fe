package dev.symbia.messaging.live;

import dev.symbia.auth.Caller;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Who may receive a conversation's events: its participants, and only in the conversation's own org (a
 * conversation of another org does not exist for the caller). Read-only; the conversation package owns
 * these tables.
 */
@Repository
class Memberships {

    private final JdbcClient jdbc;

    Memberships(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The conversations of the org the participant takes part in. */
    List<UUID> conversationsOf(Caller who) {
        return jdbc.sql("SELECT p.conversation_id FROM participants p JOIN conversations c ON c.id = p.conversation_id "
                        + "WHERE p.principal_id = :principal AND p.principal_type = :type AND c.org_id = :org")
                .param("principal", who.actorId()).param("type", who.actorType().wire()).param("org", who.orgId())
                .query(UUID.class).list();
    }

    boolean isParticipant(UUID conversationId, Caller who) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM participants p JOIN conversations c ON c.id = p.conversation_id "
                        + "WHERE p.conversation_id = :conversation AND p.principal_id = :principal "
                        + "AND p.principal_type = :type AND c.org_id = :org)")
                .param("conversation", conversationId).param("principal", who.actorId()).param("type", who.actorType().wire())
                .param("org", who.orgId())
                .query(Boolean.class).single();
    }
}
