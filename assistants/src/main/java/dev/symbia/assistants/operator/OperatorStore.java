package dev.symbia.assistants.operator;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/** {@code operator_runs} and {@code operator_confirmations}; every statement names the org. */
@Repository
class OperatorStore {

    /** What a run carries between turns: the model conversation and the tool calls not yet done. */
    record RunState(List<Map<String, Object>> messages, List<OperatorModel.ToolCall> queue) {
    }

    record RunRow(UUID id, String org, String conversationId, String userId, String assistantKey, String status,
            int steps, RunState state) {
    }

    record ConfirmationRow(UUID id, UUID runId, String org, String conversationId, String userId, String tool,
            String toolCallId, Map<String, Object> arguments, String summary, String status, Instant expiresAt) {

        boolean expired(Instant now) {
            return !now.isBefore(expiresAt);
        }
    }

    private final JdbcClient jdbc;
    private final JsonMapper json;

    OperatorStore(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** A new run, held by {@code owner} for {@code lease}. */
    UUID createRun(String org, String conversationId, String userId, String assistantKey, String request, String owner,
            Duration lease) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                INSERT INTO operator_runs (id, org_id, conversation_id, user_id, assistant_key, request, owner, lease_until)
                VALUES (:id, :org, :conversation, :user, :assistant, :request, :owner, now() + :lease * interval '1 millisecond')""")
                .param("id", id).param("org", org).param("conversation", conversationId).param("user", userId)
                .param("assistant", assistantKey).param("request", request).param("owner", owner)
                .param("lease", lease.toMillis()).update();
        return id;
    }

    /**
     * Saves a run's progress and renews its lease; false when {@code owner} no longer holds it (another replica took
     * it over), and then nothing is written. A run that stops running keeps no lease.
     */
    boolean saveRun(String org, UUID id, String status, int steps, RunState state, String owner, Duration lease) {
        return jdbc.sql("""
                UPDATE operator_runs SET status = :status, steps = :steps, state = CAST(:state AS jsonb), updated_at = now(),
                       owner = CASE WHEN :status = 'running' THEN :owner END,
                       lease_until = CASE WHEN :status = 'running' THEN now() + :lease * interval '1 millisecond' END
                 WHERE org_id = :org AND id = :id AND (owner IS NULL OR owner = :owner)""")
                .param("status", status).param("steps", steps).param("state", json.writeValueAsString(state))
                .param("owner", owner).param("lease", lease.toMillis())
                .param("org", org).param("id", id).update() == 1;
    }

    /** Takes a waiting run (its user decided) for {@code owner}; false when another replica has it. */
    boolean resume(String org, UUID id, String owner, Duration lease) {
        return jdbc.sql("""
                UPDATE operator_runs SET status = 'running', owner = :owner, updated_at = now(),
                       lease_until = now() + :lease * interval '1 millisecond'
                 WHERE org_id = :org AND id = :id AND status = 'awaiting_confirmation'""")
                .param("owner", owner).param("lease", lease.toMillis()).param("org", org).param("id", id).update() == 1;
    }

    /**
     * Running runs whose holder let the lease run out (it died, or hung), in every org: each taken over for
     * {@code owner} in one statement, so two replicas never take the same run.
     */
    List<RunRow> takeOverAbandoned(String owner, Duration lease, int limit) {
        return jdbc.sql("""
                UPDATE operator_runs SET owner = :owner, lease_until = now() + :lease * interval '1 millisecond',
                       updated_at = now()
                 WHERE id IN (SELECT id FROM operator_runs WHERE status = 'running' AND lease_until < now()
                               ORDER BY lease_until LIMIT :limit FOR UPDATE SKIP LOCKED)
                RETURNING id, org_id, conversation_id, user_id, assistant_key, status, steps, state::text""")
                .param("owner", owner).param("lease", lease.toMillis()).param("limit", limit)
                .query(this::runRow).list();
    }

    Optional<RunRow> run(String org, UUID id) {
        return jdbc.sql("""
                SELECT id, org_id, conversation_id, user_id, assistant_key, status, steps, state::text
                  FROM operator_runs WHERE org_id = :org AND id = :id""")
                .param("org", org).param("id", id)
                .query(this::runRow)
                .optional();
    }

    private RunRow runRow(java.sql.ResultSet rs, int i) throws java.sql.SQLException {
        String state = rs.getString(8);
        return new RunRow(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getString(6), rs.getInt(7),
                state == null || state.equals("{}") ? new RunState(List.of(), List.of()) : json.readValue(state, RunState.class));
    }

    UUID createConfirmation(RunRow run, OperatorModel.ToolCall call, Map<String, Object> arguments, String summary,
            Instant expiresAt) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                INSERT INTO operator_confirmations (id, run_id, org_id, conversation_id, user_id, tool, tool_call_id,
                                                    arguments, summary, expires_at)
                VALUES (:id, :run, :org, :conversation, :user, :tool, :call, CAST(:arguments AS jsonb), :summary, :expires)""")
                .param("id", id).param("run", run.id()).param("org", run.org()).param("conversation", run.conversationId())
                .param("user", run.userId()).param("tool", call.name()).param("call", call.id())
                .param("arguments", json.writeValueAsString(arguments)).param("summary", summary)
                .param("expires", Timestamp.from(expiresAt)).update();
        return id;
    }

    /** A confirmation only its user may see: another user's or org's is absent. */
    Optional<ConfirmationRow> confirmation(String org, String userId, UUID id) {
        return jdbc.sql(SELECT_CONFIRMATION + " WHERE org_id = :org AND user_id = :user AND id = :id")
                .param("org", org).param("user", userId).param("id", id)
                .query(this::confirmationRow).optional();
    }

    /** The user's pending confirmations in a conversation, newest first (expired ones included: the caller checks). */
    List<ConfirmationRow> pending(String org, String conversationId, String userId) {
        return jdbc.sql(SELECT_CONFIRMATION + " " + """
                WHERE org_id = :org AND conversation_id = :conversation AND user_id = :user AND status = 'pending'
                 ORDER BY created_at DESC""")
                .param("org", org).param("conversation", conversationId).param("user", userId)
                .query(this::confirmationRow).list();
    }

    /** Pending confirmations past their time, in every org (the expiry sweep), oldest first. */
    List<ConfirmationRow> overdue(int limit) {
        return jdbc.sql(SELECT_CONFIRMATION + " WHERE status = 'pending' AND expires_at <= now() ORDER BY expires_at LIMIT :limit")
                .param("limit", limit).query(this::confirmationRow).list();
    }

    /** Moves a pending confirmation to {@code status}; false when someone (or something) decided it first. */
    boolean decide(String org, UUID id, String status) {
        return jdbc.sql("""
                UPDATE operator_confirmations SET status = :status, decided_at = now()
                 WHERE org_id = :org AND id = :id AND status = 'pending'""")
                .param("status", status).param("org", org).param("id", id).update() == 1;
    }

    private static final String SELECT_CONFIRMATION = """
            SELECT id, run_id, org_id, conversation_id, user_id, tool, tool_call_id, arguments::text, summary, status,
                   expires_at FROM operator_confirmations""";

    @SuppressWarnings("unchecked")
    private ConfirmationRow confirmationRow(java.sql.ResultSet rs, int i) throws java.sql.SQLException {
        return new ConfirmationRow(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3),
                rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7),
                json.readValue(rs.getString(8), Map.class), rs.getString(9), rs.getString(10),
                rs.getTimestamp(11).toInstant());
    }
}
