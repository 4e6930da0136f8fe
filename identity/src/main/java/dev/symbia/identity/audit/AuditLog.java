package dev.symbia.identity.audit;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes security events (SPEC §3): logins and failures, keys, roles, credentials and their reads.
 * Metadata must never contain secrets; callers pass ids and names only.
 */
@Service
public class AuditLog {

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final SecurityEvents events;

    AuditLog(JdbcClient jdbc, JsonMapper json, SecurityEvents events) {
        this.jdbc = jdbc;
        this.json = json;
        this.events = events;
    }

    public void record(String action, Actor actor, UUID orgId, String targetType, String targetId) {
        record(action, actor, orgId, targetType, targetId, Map.of());
    }

    public void record(String action, Actor actor, UUID orgId, String targetType, String targetId, Map<String, ?> metadata) {
        String ip = clientIp();
        jdbc.sql("""
                INSERT INTO audit_log (id, org_id, actor_type, actor_id, action, target_type, target_id, ip, metadata)
                VALUES (:id, :org, :actorType, :actorId, :action, :targetType, :targetId, :ip, CAST(:metadata AS jsonb))
                """)
                .param("id", UUID.randomUUID())
                .param("org", orgId)
                .param("actorType", actor.type())
                .param("actorId", actor.id())
                .param("action", action)
                .param("targetType", targetType)
                .param("targetId", targetId)
                .param("ip", ip)
                .param("metadata", json.writeValueAsString(metadata))
                .update();
        events.audited(action, actor, orgId, targetType, targetId, metadata, ip);
    }

    private static String clientIp() {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
            HttpServletRequest request = attributes.getRequest();
            return request.getRemoteAddr();
        }
        return null;
    }
}
