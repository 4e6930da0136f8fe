package dev.symbia.network.contract;

import dev.symbia.relay.Boundary;
import dev.symbia.relay.EventTypePattern;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Contracts in the network schema; expiry is compared as instants in SQL and in {@link Contract#matches}. */
@Repository
public class ContractStore {

    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final JsonMapper json;

    ContractStore(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    Contract insert(Contract contract) {
        return jdbc.sql("""
                        INSERT INTO contracts (id, from_node, to_node, allowed_event_types, boundaries, created_by, expires_at)
                        VALUES (:id, :from, :to, CAST(:types AS jsonb), CAST(:boundaries AS jsonb), :createdBy, :expiresAt)
                        RETURNING *""")
                .param("id", contract.id())
                .param("from", contract.from())
                .param("to", contract.to())
                .param("types", json.writeValueAsString(contract.allowedEventTypes().stream().map(EventTypePattern::pattern).toList()))
                .param("boundaries", json.writeValueAsString(contract.boundaries().stream().sorted().map(Boundary::wire).toList()))
                .param("createdBy", contract.createdBy())
                .param("expiresAt", contract.expiresAt() == null ? null : Timestamp.from(contract.expiresAt()))
                .query(this::map)
                .single();
    }

    public List<Contract> active() {
        return jdbc.sql("SELECT * FROM contracts WHERE expires_at IS NULL OR expires_at > now() ORDER BY created_at, id")
                .query(this::map).list();
    }

    List<Contract> activeInvolving(String nodeId) {
        return jdbc.sql("""
                        SELECT * FROM contracts WHERE (from_node = :node OR to_node = :node)
                        AND (expires_at IS NULL OR expires_at > now()) ORDER BY created_at, id""")
                .param("node", nodeId).query(this::map).list();
    }

    Optional<Contract> find(UUID id) {
        return jdbc.sql("SELECT * FROM contracts WHERE id = :id").param("id", id).query(this::map).optional();
    }

    boolean delete(UUID id) {
        return jdbc.sql("DELETE FROM contracts WHERE id = :id").param("id", id).update() > 0;
    }

    int deleteExpired() {
        return jdbc.sql("DELETE FROM contracts WHERE expires_at <= now()").update();
    }

    private Contract map(ResultSet rs, int row) throws SQLException {
        Set<Boundary> boundaries = EnumSet.noneOf(Boundary.class);
        for (String boundary : json.readValue(rs.getString("boundaries"), STRINGS)) {
            Boundary.parse(boundary).ifPresent(boundaries::add);
        }
        OffsetDateTime expires = rs.getObject("expires_at", OffsetDateTime.class);
        return new Contract(
                rs.getObject("id", UUID.class),
                rs.getString("from_node"),
                rs.getString("to_node"),
                json.readValue(rs.getString("allowed_event_types"), STRINGS).stream().map(EventTypePattern::parse).toList(),
                Set.copyOf(boundaries),
                rs.getString("created_by"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                expires == null ? null : expires.toInstant());
    }
}
