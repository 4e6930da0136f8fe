package dev.symbia.identity.agent;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The agents table: AI principals with their own (bcrypt-hashed) credential, bound to one org. */
@Component
public class AgentStore {

    private final JdbcClient jdbc;
    private final JsonMapper json;

    AgentStore(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    public record AgentRow(UUID id, String agentId, String name, UUID orgId, String credentialHash,
            List<String> capabilities, Map<String, Object> metadata, boolean active, OffsetDateTime lastSeenAt,
            OffsetDateTime createdAt) {
    }

    private static final String COLUMNS =
            "id, agent_id, name, org_id, credential_hash, capabilities, metadata, is_active, last_seen_at, created_at";

    AgentRow create(String agentId, String name, UUID orgId, String credentialHash, List<String> capabilities,
            Map<String, Object> metadata, UUID createdBy) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                INSERT INTO agents (id, agent_id, name, org_id, credential_hash, capabilities, metadata, created_by)
                VALUES (:id, :agentId, :name, :org, :hash, CAST(:caps AS jsonb), CAST(:meta AS jsonb), :by)
                """)
                .param("id", id).param("agentId", agentId).param("name", name).param("org", orgId)
                .param("hash", credentialHash).param("caps", json.writeValueAsString(capabilities))
                .param("meta", json.writeValueAsString(metadata)).param("by", createdBy).update();
        return find(id).orElseThrow();
    }

    public Optional<AgentRow> find(UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM agents WHERE id = :id").param("id", id).query(this::row).optional();
    }

    public Optional<AgentRow> findByAgentId(String agentId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM agents WHERE agent_id = :agentId")
                .param("agentId", agentId).query(this::row).optional();
    }

    List<AgentRow> list(UUID orgId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM agents WHERE org_id = :org ORDER BY created_at, id")
                .param("org", orgId).query(this::row).list();
    }

    void setActive(UUID orgId, UUID id, boolean active) {
        jdbc.sql("UPDATE agents SET is_active = :active, updated_at = now() WHERE org_id = :org AND id = :id")
                .param("active", active).param("org", orgId).param("id", id).update();
    }

    void touch(UUID id) {
        jdbc.sql("UPDATE agents SET last_seen_at = now() WHERE id = :id").param("id", id).update();
    }

    private AgentRow row(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new AgentRow(rs.getObject("id", UUID.class), rs.getString("agent_id"), rs.getString("name"),
                rs.getObject("org_id", UUID.class), rs.getString("credential_hash"),
                json.readValue(rs.getString("capabilities"), new TypeReference<List<String>>() { }),
                json.readValue(rs.getString("metadata"), new TypeReference<Map<String, Object>>() { }),
                rs.getBoolean("is_active"), rs.getObject("last_seen_at", OffsetDateTime.class),
                rs.getObject("created_at", OffsetDateTime.class));
    }
}
