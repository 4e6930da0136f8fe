package dev.symbia.runtime.graph;

import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code graphs} table: definitions of loaded graphs, so they (and their executions) survive a restart; for
 * graphs from the catalog also the version they are pinned to and, once the catalog changed, their successor.
 */
@Repository
class GraphStore {

    record Row(String id, String orgId, String key, String definition, Timestamp loadedAt, String loadedBy,
               LoadedGraph.CatalogPin catalog) {
    }

    private static final String COLUMNS = "id, org_id, graph_key, definition::text AS definition, loaded_at, loaded_by, "
            + "catalog_version, catalog_spec, catalog_role, replaced_by";

    private final JdbcClient jdbc;
    private final JsonMapper json = JsonMapper.builder().build();

    GraphStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(LoadedGraph graph) {
        LoadedGraph.CatalogPin pin = graph.catalog();
        jdbc.sql("INSERT INTO graphs (id, org_id, graph_key, name, definition, loaded_by, loaded_at, catalog_version, "
                        + "catalog_spec, catalog_role) VALUES (?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?)")
                .params(graph.id(), graph.orgId(), graph.key(), graph.name(), json.writeValueAsString(graph.definition()),
                        graph.ownerId(), Timestamp.from(graph.loadedAt()), pin == null ? null : pin.version(),
                        pin == null ? null : pin.spec(), pin == null ? null : pin.role())
                .update();
    }

    /** Marks {@code id} replaced by {@code successor}; false when someone (another replica) replaced it first. */
    boolean markReplaced(String id, String successor) {
        return jdbc.sql("UPDATE graphs SET replaced_by = ? WHERE id = ? AND replaced_by IS NULL").params(successor, id).update() == 1;
    }

    int delete(String id, String orgId) {
        return jdbc.sql("DELETE FROM graphs WHERE id = ? AND org_id = ?").params(id, orgId).update();
    }

    Optional<Row> one(String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM graphs WHERE id = ?").param(id).query(GraphStore::row).optional();
    }

    List<String> ids() {
        return jdbc.sql("SELECT id FROM graphs").query(String.class).list();
    }

    /** Ids of graphs replaced by a newer catalog version (another replica may have replaced them). */
    List<String> replacedIds() {
        return jdbc.sql("SELECT id FROM graphs WHERE replaced_by IS NOT NULL").query(String.class).list();
    }

    /** The current (not replaced) graphs loaded from catalog key {@code key}, in every org. */
    List<Row> currentFromCatalog(String key) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM graphs WHERE graph_key = ? AND catalog_version IS NOT NULL "
                + "AND replaced_by IS NULL ORDER BY loaded_at").param(key).query(GraphStore::row).list();
    }

    /** Every graph of {@code orgId} loaded from catalog key {@code key}, replaced ones included. */
    List<Row> fromCatalog(String key, String orgId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM graphs WHERE graph_key = ? AND org_id = ? AND catalog_version IS NOT NULL")
                .params(key, orgId).query(GraphStore::row).list();
    }

    /** The catalog keys of current graphs loaded from the catalog (the safety-net poll re-checks them). */
    List<String> catalogKeys() {
        return jdbc.sql("SELECT DISTINCT graph_key FROM graphs WHERE catalog_version IS NOT NULL AND replaced_by IS NULL")
                .query(String.class).list();
    }

    List<Row> all() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM graphs ORDER BY loaded_at").query(GraphStore::row).list();
    }

    private static Row row(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        int version = rs.getInt("catalog_version");
        LoadedGraph.CatalogPin pin = rs.wasNull() ? null : new LoadedGraph.CatalogPin(version, rs.getString("catalog_spec"),
                rs.getString("catalog_role"), rs.getString("replaced_by"));
        return new Row(rs.getString("id"), rs.getString("org_id"), rs.getString("graph_key"),
                rs.getString("definition"), rs.getTimestamp("loaded_at"), rs.getString("loaded_by"), pin);
    }
}
