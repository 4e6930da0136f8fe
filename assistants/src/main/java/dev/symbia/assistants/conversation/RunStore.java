package dev.symbia.assistants.conversation;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/** {@code rule_runs}: every rule run with its trace, readable per org and assistant. */
@Repository
public class RunStore {

    private final JdbcClient jdbc;
    private final JsonMapper json;

    RunStore(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** One run as stored; {@code trace} is the rule trace (rules evaluated, matched, ceded; each action's outcome). */
    public record StoredRun(String id, String assistantKey, String conversationId, String messageId, String trigger,
            int rulesEvaluated, int rulesMatched, String matchedRule, String outcome, Object trace,
            OffsetDateTime createdAt) {
    }

    public void record(String runId, String org, String assistant, String conversation, String messageId,
            String trigger, int evaluated, int matched, String rule, String outcome, Object trace) {
        jdbc.sql("""
                INSERT INTO rule_runs (id, org_id, assistant_key, conversation_id, message_id, trigger, rules_evaluated,
                                       rules_matched, matched_rule, outcome, trace)
                VALUES (:id, :org, :assistant, :conversation, :message, :trigger, :evaluated, :matched, :rule, :outcome,
                        CAST(:trace AS jsonb))""")
                .param("id", UUID.fromString(runId)).param("org", org).param("assistant", assistant)
                .param("conversation", conversation).param("message", messageId).param("trigger", trigger)
                .param("evaluated", evaluated).param("matched", matched).param("rule", rule).param("outcome", outcome)
                .param("trace", json.writeValueAsString(trace))
                .update();
    }

    public List<StoredRun> recent(String org, String assistant, int limit) {
        return jdbc.sql("""
                SELECT id, assistant_key, conversation_id, message_id, trigger, rules_evaluated, rules_matched,
                       matched_rule, outcome, trace::text AS trace, created_at
                  FROM rule_runs WHERE org_id = :org AND assistant_key = :assistant
                 ORDER BY created_at DESC LIMIT :limit""")
                .param("org", org).param("assistant", assistant).param("limit", limit)
                .query((rs, i) -> new StoredRun(rs.getString("id"), rs.getString("assistant_key"),
                        rs.getString("conversation_id"), rs.getString("message_id"), rs.getString("trigger"),
                        rs.getInt("rules_evaluated"), rs.getInt("rules_matched"), rs.getString("matched_rule"),
                        rs.getString("outcome"), json.readValue(rs.getString("trace"), Object.class),
                        rs.getObject("created_at", OffsetDateTime.class)))
                .list();
    }
}
