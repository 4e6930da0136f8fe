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
            + "catalog_version, catalog_spec, catalog_role, replaced_by, hydrated";

    private final JdbcClient jdbc;
    private final JsonMapper json = JsonMapper.builder().build();

    GraphStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(LoadedGraph graph) {
        LoadedGraph.CatalogPin pin = graph.catalog();
        jdbc.sql("INSERT INTO graphs (id, org_id, graph_key, name, definition, loaded_by, loaded_at, catalog_version, "
                        + "catalog_spec, catalog_role, hydrated) VALUES (?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?)")
                .params(graph.id(), graph.orgId(), graph.key(), graph.name(), json.writeValueAsString(graph.definition()),
                        graph.ownerId(), Timestamp.from(graph.loadedAt()), pin == null ? null : pin.version(),
                        pin == null ? null : pin.spec(), pin == null ? null : pin.role(), pin != null && pin.hydrated())
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

    /** Whether {@code orgId} has a current (not replaced) graph loaded from catalog key {@code key}, by anyone. */
    boolean hasCurrent(String orgId, String key) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM graphs WHERE org_id = ? AND graph_key = ? AND catalog_version IS NOT NULL "
                + "AND replaced_by IS NULL)").params(orgId, key).query(Boolean.class).single();
    }

    /**
     * Serialises hydration of one (org, key) across replicas until the transaction ends: the second replica waits,
     * then finds the first one's graph with {@link #hasCurrent}.
     */
    void lockHydration(String orgId, String key) {
        jdbc.sql("SELECT 1 FROM (SELECT pg_advisory_xact_lock(hashtextextended(?, 0))) l").param("runtime.hydrate:" + orgId + ":" + key)
                .query(Integer.class).single();
    }

    /** (org, key) of current graphs the runtime hydrated by itself. */
    List<Hydrated> hydrated() {
        return jdbc.sql("SELECT DISTINCT org_id, graph_key FROM graphs WHERE hydrated AND replaced_by IS NULL")
                .query((rs, n) -> new Hydrated(rs.getString("org_id"), rs.getString("graph_key"))).list();
    }

    record Hydrated(String orgId, String key) {
    }

    List<Row> all() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM graphs ORDER BY loaded_at").query(GraphStore::row).list();
    }

    private static Row row(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        int version = rs.getInt("catalog_version");
        LoadedGraph.CatalogPin pin = rs.wasNull() ? null : new LoadedGraph.CatalogPin(version, rs.getString("catalog_spec"),
                rs.getString("catalog_role"), rs.getString("replaced_by"), rs.getBoolean("hydrated"));
        return new Row(rs.getString("id"), rs.getString("org_id"), rs.getString("graph_key"),
                rs.getString("definition"), rs.getTimestamp("loaded_at"), rs.getString("loaded_by"), pin);
    }
}
