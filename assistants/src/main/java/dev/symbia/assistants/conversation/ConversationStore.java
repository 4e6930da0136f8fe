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

    /** The conversation's state for this assistant; {@code idle}, empty context and 0 turns when new. */
    @SuppressWarnings("unchecked")
    public ConversationState load(String org, String assistant, String conversation) {
        Optional<ConversationState> row = jdbc.sql("""
                SELECT state, context::text AS context, turns FROM conversation_state
                 WHERE org_id = :org AND assistant_key = :assistant AND conversation_id = :conversation""")
                .param("org", org).param("assistant", assistant).param("conversation", conversation)
                .query((rs, i) -> new ConversationState(rs.getString("state"),
                        json.readValue(rs.getString("context"), Map.class), rs.getInt("turns")))
                .optional();
        return row.orElse(new ConversationState(StateMachine.INITIAL, Map.of(), 0));
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

    /** True for the first caller (any replica) to claim this message for this assistant. */
    public boolean claim(String org, String assistant, String messageId, String claimedBy) {
        return jdbc.sql("""
                INSERT INTO message_claims (org_id, assistant_key, message_id, claimed_by)
                VALUES (:org, :assistant, :message, :by) ON CONFLICT DO NOTHING""")
                .param("org", org).param("assistant", assistant).param("message", messageId).param("by", claimedBy)
                .update() == 1;
    }
}
