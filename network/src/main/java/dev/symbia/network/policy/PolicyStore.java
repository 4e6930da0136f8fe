package dev.symbia.network.policy;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/** Policies in the network schema; the router reads them from memory ({@link PolicyTable}), kept current by notifications. */
@Repository
public class PolicyStore {

    private final JdbcClient jdbc;
    private final JsonMapper json;

    PolicyStore(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    Policy insert(Policy policy) {
        return jdbc.sql("""
                        INSERT INTO policies (id, name, priority, conditions, action, enabled, created_by)
                        VALUES (:id, :name, :priority, CAST(:conditions AS jsonb), CAST(:action AS jsonb), :enabled, :createdBy)
                        RETURNING *""")
                .param("id", policy.id())
                .param("name", policy.name())
                .param("priority", policy.priority())
                .param("conditions", json.writeValueAsString(PolicyJson.write(policy.conditions(), json)))
                .param("action", json.writeValueAsString(PolicyJson.write(policy.action(), json)))
                .param("enabled", policy.enabled())
                .param("createdBy", policy.createdBy())
                .query(this::map).single();
    }

    Optional<Policy> update(Policy policy) {
        return jdbc.sql("""
                        UPDATE policies SET name = :name, priority = :priority, conditions = CAST(:conditions AS jsonb),
                            action = CAST(:action AS jsonb), enabled = :enabled, updated_at = now()
                        WHERE id = :id RETURNING *""")
                .param("id", policy.id())
                .param("name", policy.name())
                .param("priority", policy.priority())
                .param("conditions", json.writeValueAsString(PolicyJson.write(policy.conditions(), json)))
                .param("action", json.writeValueAsString(PolicyJson.write(policy.action(), json)))
                .param("enabled", policy.enabled())
                .query(this::map).optional();
    }

    public List<Policy> all() {
        return jdbc.sql("SELECT * FROM policies ORDER BY priority DESC, created_at, id").query(this::map).list();
    }

    Optional<Policy> find(UUID id) {
        return jdbc.sql("SELECT * FROM policies WHERE id = :id").param("id", id).query(this::map).optional();
    }

    boolean delete(UUID id) {
        return jdbc.sql("DELETE FROM policies WHERE id = :id").param("id", id).update() > 0;
    }

    private Policy map(ResultSet rs, int row) throws SQLException {
        return new Policy(
                rs.getObject("id", UUID.class),
                rs.getString("name"),
                rs.getInt("priority"),
                PolicyJson.conditions(json.readTree(rs.getString("conditions"))),
                PolicyJson.action(json.readTree(rs.getString("action"))),
                rs.getBoolean("enabled"),
                rs.getString("created_by"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                rs.getObject("updated_at", OffsetDateTime.class).toInstant());
    }
}
