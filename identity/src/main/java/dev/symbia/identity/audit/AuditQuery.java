package dev.symbia.identity.audit;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Reads the audit log with optional filters; parameters are always bound, never concatenated. */
@Component
class AuditQuery {

    private final JdbcClient jdbc;
    private final JsonMapper json;

    AuditQuery(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** One security event as the audit API shows it. */
    record AuditEvent(String id, String orgId, String actorType, String actorId, String action, String targetType,
            String targetId, String ip, Map<String, Object> metadata, OffsetDateTime createdAt) {
    }

    List<AuditEvent> find(UUID org, String action, String actorId, OffsetDateTime since, OffsetDateTime until,
            int limit, int offset) {
        return jdbc.sql("""
                SELECT id, org_id, actor_type, actor_id, action, target_type, target_id, ip, metadata, created_at
                FROM audit_log
                WHERE (CAST(:org AS uuid) IS NULL OR org_id = :org)
                  AND (CAST(:action AS text) IS NULL OR action = :action)
                  AND (CAST(:actor AS text) IS NULL OR actor_id = :actor)
                  AND (CAST(:since AS timestamptz) IS NULL OR created_at >= :since)
                  AND (CAST(:until AS timestamptz) IS NULL OR created_at < :until)
                ORDER BY created_at DESC, id
                LIMIT :limit OFFSET :offset
                """)
                .param("org", org).param("action", action).param("actor", actorId)
                .param("since", since).param("until", until).param("limit", limit).param("offset", offset)
                .query((rs, n) -> new AuditEvent(rs.getString("id"), rs.getString("org_id"), rs.getString("actor_type"),
                        rs.getString("actor_id"), rs.getString("action"), rs.getString("target_type"),
                        rs.getString("target_id"), rs.getString("ip"),
                        json.readValue(rs.getString("metadata"), new TypeReference<Map<String, Object>>() { }),
                        rs.getObject("created_at", OffsetDateTime.class)))
                .list();
    }
}
