package dev.symbia.assistants.handoff;

import dev.symbia.assistants.engine.ActionFailure;
import dev.symbia.assistants.engine.Handoffs;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** {@code handoff_requests}: persisted handoffs, every statement scoped to the org. */
@Repository
class HandoffStore implements Handoffs {

    private static final String COLUMNS = "id, conversation_id, assistant_key, status, priority, reason, context_summary,"
            + " assigned_to, resolution, created_at, updated_at";

    private final JdbcClient jdbc;

    HandoffStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Map<String, Object> create(String org, String conversation, String assistant, String reason, String priority,
            String contextSummary) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                INSERT INTO handoff_requests (id, org_id, conversation_id, assistant_key, priority, reason, context_summary)
                VALUES (:id, :org, :conversation, :assistant, :priority, :reason, :summary)""")
                .param("id", id).param("org", org).param("conversation", conversation).param("assistant", assistant)
                .param("priority", priority).param("reason", reason).param("summary", contextSummary).update();
        return find(org, id).map(HandoffView::toMap).orElseThrow();
    }

    @Override
    public Map<String, Object> assign(String org, String handoffId, String agentId) {
        return transition(org, handoffId, "assigned", agentId, null)
                .orElseThrow(() -> new ActionFailure("No open handoff " + handoffId)).toMap();
    }

    @Override
    public Map<String, Object> resolve(String org, String handoffId, String resolution) {
        return transition(org, handoffId, "resolved", null, resolution)
                .orElseThrow(() -> new ActionFailure("No open handoff " + handoffId)).toMap();
    }

    /** Moves an open (pending / assigned / in progress) request of the org; empty when there is none. */
    Optional<HandoffView> transition(String org, String handoffId, String status, String assignee, String resolution) {
        Optional<UUID> id = uuid(handoffId);
        if (id.isEmpty()) {
            return Optional.empty();
        }
        int changed = jdbc.sql("""
                UPDATE handoff_requests
                   SET status = :status, assigned_to = COALESCE(:assignee, assigned_to),
                       resolution = COALESCE(:resolution, resolution), updated_at = now()
                 WHERE org_id = :org AND id = :id AND status IN ('pending', 'assigned', 'in_progress')""")
                .param("status", status).param("assignee", assignee).param("resolution", resolution)
                .param("org", org).param("id", id.get()).update();
        return changed == 0 ? Optional.empty() : find(org, id.get());
    }

    Optional<HandoffView> find(String org, UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM handoff_requests WHERE org_id = :org AND id = :id")
                .param("org", org).param("id", id).query(HandoffStore::row).optional();
    }

    List<HandoffView> list(String org, String status, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM handoff_requests WHERE org_id = :org"
                        + (status == null ? "" : " AND status = :status") + " ORDER BY created_at DESC LIMIT :limit")
                .param("org", org).params(status == null ? Map.of() : Map.of("status", status)).param("limit", limit)
                .query(HandoffStore::row).list();
    }

    static Optional<UUID> uuid(String value) {
        try {
            return Optional.of(UUID.fromString(value));
        } catch (IllegalArgumentException | NullPointerException e) {
            return Optional.empty();
        }
    }

    private static HandoffView row(java.sql.ResultSet rs, int i) throws java.sql.SQLException {
        return new HandoffView(rs.getString("id"), rs.getString("conversation_id"), rs.getString("assistant_key"),
                rs.getString("status"), rs.getString("priority"), rs.getString("reason"), rs.getString("context_summary"),
                rs.getString("assigned_to"), rs.getString("resolution"), rs.getObject("created_at", OffsetDateTime.class),
                rs.getObject("updated_at", OffsetDateTime.class));
    }

    /** A handoff request on the wire. */
    record HandoffView(String handoffId, String conversationId, String assistantKey, String status, String priority,
            String reason, String contextSummary, String assignedTo, String resolution, OffsetDateTime createdAt,
            OffsetDateTime updatedAt) {

        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("handoffId", handoffId);
            m.put("conversationId", conversationId);
            m.put("assistantKey", assistantKey);
            m.put("status", status);
            m.put("priority", priority);
            m.put("reason", reason);
            m.put("contextSummary", contextSummary);
            m.put("assignedTo", assignedTo);
            m.put("resolution", resolution);
            return m;
        }
    }
}
