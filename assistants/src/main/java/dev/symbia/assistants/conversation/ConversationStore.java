package dev.symbia.assistants.conversation;

import dev.symbia.assistants.engine.StateMachine;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code conversation_state} and {@code message_claims}: what the reference kept in memory, so a restart loses
 * nothing and replicas agree. Every statement names the org.
 */
@Repository
public class ConversationStore {

    private final JdbcClient jdbc;
    private final JsonMapper json;

    ConversationStore(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Writes the state after a run and counts the turn (the counter is incremented in SQL, so concurrent runs both count). */
    @Transactional
    public int save(String org, String assistant, String conversation, String state, Map<String, Object> context) {
        return jdbc.sql("""
                INSERT INTO conversation_state (org_id, assistant_key, conversation_id, state, context, turns)
                VALUES (:org, :assistant, :conversation, :state, CAST(:context AS jsonb), 1)
                ON CONFLICT (org_id, assistant_key, conversation_id) DO UPDATE
                   SET state = EXCLUDED.state, context = EXCLUDED.context,
                       turns = conversation_state.turns + 1, updated_at = now()
                RETURNING turns""")
                .param("org", org).param("assistant", assistant).param("conversation", conversation)
                .param("state", state).param("context", json.writeValueAsString(context))
                .query(Integer.class).single();
    }

    /**
     * Claims this message for this assistant and reads the conversation's state in the same statement (one round
     * trip before the rules run): empty when another caller (any replica, or a redelivery) claimed it first, else the
     * conversation's state for this assistant ({@code idle}, empty context and 0 turns when new). The claim is
     * committed when this returns.
     */
    @SuppressWarnings("unchecked")
    public Optional<ConversationState> claim(String org, String assistant, String messageId, String conversation,
            String claimedBy) {
        return jdbc.sql("""
                WITH claimed AS (
                    INSERT INTO message_claims (org_id, assistant_key, message_id, claimed_by)
                    VALUES (:org, :assistant, :message, :by) ON CONFLICT DO NOTHING RETURNING 1)
                SELECT s.state, s.context::text AS context, s.turns
                  FROM claimed LEFT JOIN conversation_state s
                    ON s.org_id = :org AND s.assistant_key = :assistant AND s.conversation_id = :conversation""")
                .param("org", org).param("assistant", assistant).param("message", messageId).param("by", claimedBy)
                .param("conversation", conversation)
                .query((rs, i) -> rs.getString("state") == null ? initial()
                        : new ConversationState(rs.getString("state"), json.readValue(rs.getString("context"), Map.class),
                                rs.getInt("turns")))
                .optional();
    }

    private static ConversationState initial() {
        return new ConversationState(StateMachine.INITIAL, Map.of(), 0);
    }
}
