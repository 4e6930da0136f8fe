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
            OffsetDateTime createdAt, String provisionedBy) {
    }

    private static final String COLUMNS =
            "id, agent_id, name, org_id, credential_hash, capabilities, metadata, is_active, last_seen_at, created_at, provisioned_by";

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

    /** An agent that signs in with its credential (provisioned assistants never do). */
    public Optional<AgentRow> findByAgentId(String agentId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM agents WHERE agent_id = :agentId AND provisioned_by IS NULL")
                .param("agentId", agentId).query(this::row).optional();
    }

    /** The agent with public id {@code agentId} in one org (a signing-in agent or a provisioned assistant). */
    public Optional<AgentRow> findInOrg(UUID orgId, String agentId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM agents WHERE org_id = :org AND agent_id = :agentId")
                .param("org", orgId).param("agentId", agentId).query(this::row).optional();
    }

    /**
     * The agent a platform service acts as in an org, created on first use with no capabilities and no
     * credential; true in {@link Provisioned#created()} when this call created it. Replicas racing to create
     * it agree on one row.
     */
    Provisioned provision(UUID orgId, String agentId, String name, String service, Map<String, Object> metadata) {
        int inserted = jdbc.sql("""
                INSERT INTO agents (id, agent_id, name, org_id, credential_hash, capabilities, metadata, provisioned_by)
                VALUES (:id, :agentId, :name, :org, NULL, '[]'::jsonb, CAST(:meta AS jsonb), :service)
                ON CONFLICT (org_id, agent_id) DO NOTHING""")
                .param("id", UUID.randomUUID()).param("agentId", agentId).param("name", name).param("org", orgId)
                .param("meta", json.writeValueAsString(metadata)).param("service", service).update();
        return new Provisioned(findInOrg(orgId, agentId).orElseThrow(), inserted == 1);
    }

    record Provisioned(AgentRow agent, boolean created) {
    }

    /** Replaces what an agent of the org may do (an org admin's grant). */
    void setCapabilities(UUID orgId, UUID id, List<String> capabilities) {
        jdbc.sql("UPDATE agents SET capabilities = CAST(:caps AS jsonb), updated_at = now() WHERE org_id = :org AND id = :id")
                .param("caps", json.writeValueAsString(capabilities)).param("org", orgId).param("id", id).update();
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
                rs.getObject("created_at", OffsetDateTime.class), rs.getString("provisioned_by"));
    }
}
