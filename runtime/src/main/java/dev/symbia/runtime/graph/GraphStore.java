package dev.symbia.runtime.graph;

import java.sql.Timestamp;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/** The {@code graphs} table: definitions of loaded graphs, so they (and their executions) survive a restart. */
@Repository
class GraphStore {

    record Row(String id, String orgId, String key, String definition, Timestamp loadedAt, String loadedBy) {
    }

    private final JdbcClient jdbc;
    private final JsonMapper json = JsonMapper.builder().build();

    GraphStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(LoadedGraph graph) {
        jdbc.sql("INSERT INTO graphs (id, org_id, graph_key, name, definition, loaded_by, loaded_at) "
                        + "VALUES (?, ?, ?, ?, ?::jsonb, ?, ?)")
                .params(graph.id(), graph.orgId(), graph.key(), graph.name(), json.writeValueAsString(graph.definition()),
                        graph.ownerId(), Timestamp.from(graph.loadedAt()))
                .update();
    }

    int delete(String id, String orgId) {
        return jdbc.sql("DELETE FROM graphs WHERE id = ? AND org_id = ?").params(id, orgId).update();
    }

    java.util.Optional<Row> one(String id) {
        return jdbc.sql("SELECT id, org_id, graph_key, definition::text AS definition, loaded_at, loaded_by FROM graphs WHERE id = ?")
                .param(id).query(GraphStore::row).optional();
    }

    List<String> ids() {
        return jdbc.sql("SELECT id FROM graphs").query(String.class).list();
    }

    List<Row> all() {
        return jdbc.sql("SELECT id, org_id, graph_key, definition::text AS definition, loaded_at, loaded_by FROM graphs ORDER BY loaded_at")
                .query(GraphStore::row).list();
    }

    private static Row row(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new Row(rs.getString("id"), rs.getString("org_id"), rs.getString("graph_key"),
                rs.getString("definition"), rs.getTimestamp("loaded_at"), rs.getString("loaded_by"));
    }
}
