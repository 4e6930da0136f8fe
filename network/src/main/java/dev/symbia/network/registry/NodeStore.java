package dev.symbia.network.registry;

import dev.symbia.relay.NodeRegistration;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Nodes in the network schema. Times come from the database clock so replicas agree on liveness. The router
 * reads them from memory ({@link NodeDirectory}); a trigger announces every change that matters to it.
 */
@Repository
public class NodeStore {

    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final JsonMapper json;

    NodeStore(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Creates or replaces a node; a live connection id already recorded survives a REST re-registration. */
    Node upsert(NodeRegistration registration, String owner, String connectionId) {
        return jdbc.sql("""
                        INSERT INTO nodes (id, name, type, capabilities, endpoint, metadata, subscriptions, owner, status,
                                           connection_id)
                        VALUES (:id, :name, :type, CAST(:capabilities AS jsonb), :endpoint, CAST(:metadata AS jsonb),
                                CAST(:subscriptions AS jsonb), :owner, 'online', :connectionId)
                        ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, type = EXCLUDED.type,
                            capabilities = EXCLUDED.capabilities, endpoint = EXCLUDED.endpoint, metadata = EXCLUDED.metadata,
                            subscriptions = EXCLUDED.subscriptions,
                            owner = EXCLUDED.owner, status = 'online',
                            connection_id = COALESCE(EXCLUDED.connection_id, nodes.connection_id),
                            last_heartbeat = now()
                        RETURNING *""")
                .param("id", registration.id())
                .param("name", registration.name())
                .param("type", registration.type())
                .param("capabilities", json.writeValueAsString(registration.capabilities()))
                .param("endpoint", registration.endpoint())
                .param("metadata", json.writeValueAsString(registration.metadata()))
                .param("subscriptions", registration.subscriptions() == null ? null
                        : json.writeValueAsString(registration.subscriptions()))
                .param("owner", owner)
                .param("connectionId", connectionId)
                .query(this::map)
                .single();
    }

    public Optional<Node> find(String id) {
        return jdbc.sql("SELECT * FROM nodes WHERE id = :id").param("id", id).query(this::map).optional();
    }

    public List<Node> findAll() {
        return jdbc.sql("SELECT * FROM nodes ORDER BY id").query(this::map).list();
    }

    List<Node> findByType(String type) {
        return jdbc.sql("SELECT * FROM nodes WHERE type = :type ORDER BY id").param("type", type).query(this::map).list();
    }

    List<Node> findByCapability(String capability) {
        return jdbc.sql("SELECT * FROM nodes WHERE capabilities @> jsonb_build_array(CAST(:capability AS text)) ORDER BY id")
                .param("capability", capability).query(this::map).list();
    }

    /** Records a heartbeat; false when the node does not exist. */
    boolean heartbeat(String id) {
        return jdbc.sql("UPDATE nodes SET last_heartbeat = now(), status = 'online' WHERE id = :id")
                .param("id", id).update() > 0;
    }

    /**
     * Forgets the live socket (or records {@code replacement}, another replica's socket of the node), unless
     * another connection has taken the node over meanwhile.
     */
    void clearConnection(String id, String connectionId, String replacement) {
        jdbc.sql("UPDATE nodes SET connection_id = :replacement WHERE id = :id AND connection_id = :connectionId")
                .param("id", id).param("connectionId", connectionId).param("replacement", replacement).update();
    }

    boolean delete(String id) {
        return jdbc.sql("DELETE FROM nodes WHERE id = :id").param("id", id).update() > 0;
    }

    /** Marks nodes silent for longer than the timeout offline (kept, not deleted); returns how many. */
    int markStaleOffline(Duration timeout) {
        return jdbc.sql("""
                        UPDATE nodes SET status = 'offline', connection_id = NULL
                        WHERE status = 'online' AND last_heartbeat < now() - make_interval(secs => :seconds)""")
                .param("seconds", timeout.toMillis() / 1000.0).update();
    }

    private List<String> subscriptions(ResultSet rs) throws SQLException {
        String stored = rs.getString("subscriptions");
        return stored == null ? null : json.readValue(stored, STRINGS);
    }

    private Node map(ResultSet rs, int row) throws SQLException {
        return new Node(
                rs.getString("id"),
                rs.getString("name"),
                rs.getString("type"),
                json.readValue(rs.getString("capabilities"), STRINGS),
                rs.getString("endpoint"),
                json.readTree(rs.getString("metadata")),
                subscriptions(rs),
                rs.getString("owner"),
                "online".equals(rs.getString("status")),
                rs.getString("connection_id"),
                rs.getObject("registered_at", OffsetDateTime.class).toInstant(),
                rs.getObject("last_heartbeat", OffsetDateTime.class).toInstant());
    }
}
