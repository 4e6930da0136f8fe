package dev.symbia.runtime.execution;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** {@code graph_executions} and {@code execution_transitions}; the org is in every read's WHERE. */
@Repository
class ExecutionStore {

    record Row(String id, String graphId, String graphKey, String graphName, String orgId, String state, String metrics,
               String error, Instant startedAt, Instant completedAt, Instant createdAt) {
    }

    private final JdbcClient jdbc;

    ExecutionStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Transactional
    void insert(Execution e) {
        jdbc.sql("INSERT INTO graph_executions (id, graph_id, graph_key, graph_name, org_id, state, started_at, created_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
                .params(e.id, e.graph.id(), e.graph.key(), e.graph.name(), e.orgId(), e.state.wire(), ts(e.startedAt), ts(e.createdAt))
                .update();
        transition(e.id, null, e.state);
    }

    @Transactional
    void changeState(Execution e, ExecutionState from, String metrics, String error) {
        jdbc.sql("UPDATE graph_executions SET state = ?, metrics = ?::jsonb, error = ?::jsonb, completed_at = ?, updated_at = now() "
                        + "WHERE id = ?")
                .params(e.state.wire(), metrics, error, ts(e.completedAt), e.id)
                .update();
        transition(e.id, from, e.state);
    }

    void saveMetrics(String id, String metrics) {
        jdbc.sql("UPDATE graph_executions SET metrics = ?::jsonb, updated_at = now() WHERE id = ?").params(metrics, id).update();
    }

    Optional<Row> find(String id, Collection<String> orgs, boolean all) {
        return jdbc.sql("SELECT * FROM graph_executions WHERE id = ? AND (? OR org_id = ANY (?))")
                .params(id, all, orgs.toArray(String[]::new))
                .query(ExecutionStore::row).optional();
    }

    List<Row> list(Collection<String> orgs, boolean all, int limit) {
        return jdbc.sql("SELECT * FROM graph_executions WHERE (? OR org_id = ANY (?)) ORDER BY created_at DESC LIMIT ?")
                .params(all, orgs.toArray(String[]::new), limit)
                .query(ExecutionStore::row).list();
    }

    List<Row> live() {
        return jdbc.sql("SELECT * FROM graph_executions WHERE state IN ('running', 'paused') ORDER BY created_at")
                .query(ExecutionStore::row).list();
    }

    List<String> transitions(String id) {
        return jdbc.sql("SELECT coalesce(from_state, '') || '->' || to_state FROM execution_transitions WHERE execution_id = ? ORDER BY id")
                .param(id).query(String.class).list();
    }

    private void transition(String id, ExecutionState from, ExecutionState to) {
        jdbc.sql("INSERT INTO execution_transitions (execution_id, from_state, to_state) VALUES (?, ?, ?)")
                .params(id, from == null ? null : from.wire(), to.wire()).update();
    }

    private static Row row(ResultSet rs, int n) throws SQLException {
        return new Row(rs.getString("id"), rs.getString("graph_id"), rs.getString("graph_key"), rs.getString("graph_name"),
                rs.getString("org_id"), rs.getString("state"), rs.getString("metrics"), rs.getString("error"),
                instant(rs.getTimestamp("started_at")), instant(rs.getTimestamp("completed_at")), instant(rs.getTimestamp("created_at")));
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    private static Timestamp ts(Instant i) {
        return i == null ? null : Timestamp.from(i);
    }
}
