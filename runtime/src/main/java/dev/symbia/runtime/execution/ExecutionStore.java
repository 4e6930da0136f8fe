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

    /** A new execution, leased to {@code owner} with fence 1. */
    @Transactional
    void insert(Execution e, String owner, java.time.Duration lease) {
        jdbc.sql("INSERT INTO graph_executions (id, graph_id, graph_key, graph_name, org_id, state, started_at, created_at, "
                        + "owner, fence, lease_until) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, now() + make_interval(secs => ?))")
                .params(e.id, e.graph.id(), e.graph.key(), e.graph.name(), e.orgId(), e.state.wire(), ts(e.startedAt), ts(e.createdAt),
                        owner, lease.toMillis() / 1000.0)
                .update();
        transition(e.id, null, e.state);
    }

    /** A state change by the owner; false (nothing written) when this replica no longer holds the lease. */
    @Transactional
    boolean changeState(Execution e, ExecutionState from, String metrics, String error, String owner) {
        boolean ended = e.state.ended();
        int updated = jdbc.sql("UPDATE graph_executions SET state = ?, metrics = ?::jsonb, error = ?::jsonb, completed_at = ?, "
                        + "updated_at = now()" + (ended ? ", owner = NULL, lease_until = NULL" : "") + " WHERE id = ? AND owner = ? AND fence = ?")
                .params(e.state.wire(), metrics, error, ts(e.completedAt), e.id, owner, e.fence)
                .update();
        if (updated == 1) {
            transition(e.id, from, e.state);
        }
        return updated == 1;
    }

    /** Write-behind metrics; false when this replica no longer holds the lease. */
    boolean saveMetrics(Execution e, String metrics, String owner) {
        return jdbc.sql("UPDATE graph_executions SET metrics = ?::jsonb, updated_at = now() WHERE id = ? AND owner = ? AND fence = ?")
                .params(metrics, e.id, owner, e.fence).update() == 1;
    }

    // ---- the paused queue: written by the lease holder only, so it survives its owner and the new owner drains it ----

    private static final String HELD = "EXISTS (SELECT 1 FROM graph_executions WHERE id = ? AND owner = ? AND fence = ? "
            + "AND state IN ('running', 'paused'))";

    /** Queues an inject behind a pause; its sequence number, or empty when this replica no longer holds the lease. */
    Optional<Long> enqueue(Execution e, String owner, String nodeId, String port, String value) {
        return jdbc.sql("INSERT INTO execution_queue (execution_id, node_id, port, value) SELECT ?, ?, ?, ?::jsonb WHERE " + HELD
                        + " RETURNING seq")
                .params(e.id, nodeId, port, value, e.id, owner, e.fence).query(Long.class).optional();
    }

    /** A queued inject has run; false when this replica no longer holds the lease (the new owner will run it). */
    boolean dequeue(Execution e, String owner, long seq) {
        return jdbc.sql("DELETE FROM execution_queue WHERE seq = ? AND execution_id = ? AND " + HELD)
                .params(seq, e.id, e.id, owner, e.fence).update() == 1;
    }

    record Queued(long seq, String nodeId, String port, String value) {
    }

    /** The queued injects of an execution, in arrival order (a new owner takes them over). */
    List<Queued> queued(String executionId) {
        return jdbc.sql("SELECT seq, node_id, port, value::text AS value FROM execution_queue WHERE execution_id = ? ORDER BY seq")
                .param(executionId)
                .query((rs, n) -> new Queued(rs.getLong("seq"), rs.getString("node_id"), rs.getString("port"), rs.getString("value")))
                .list();
    }

    /** An execution ended: its queue goes with it. */
    void clearQueue(String executionId) {
        jdbc.sql("DELETE FROM execution_queue WHERE execution_id = ?").param(executionId).update();
    }

    /** An execution that cannot run any more (its graph is gone), whoever held it. */
    @Transactional
    void fail(String id, String fromState, String error) {
        int updated = jdbc.sql("UPDATE graph_executions SET state = 'failed', error = ?::jsonb, completed_at = now(), updated_at = now(), "
                        + "owner = NULL, lease_until = NULL WHERE id = ? AND state IN ('running', 'paused')")
                .params(error, id).update();
        if (updated == 1) {
            transition(id, ExecutionState.of(fromState), ExecutionState.FAILED);
        }
    }

    /** Cancels the live executions of an unloaded graph that other replicas own; they drop them at their next renewal. */
    @Transactional
    List<String> cancelGraph(String graphId) {
        List<Row> cancelled = jdbc.sql("UPDATE graph_executions SET state = 'cancelled', completed_at = now(), updated_at = now(), "
                        + "owner = NULL, lease_until = NULL WHERE graph_id = ? AND state IN ('running', 'paused') RETURNING *")
                .param(graphId).query(ExecutionStore::row).list();
        cancelled.forEach(r -> {
            transition(r.id(), null, ExecutionState.CANCELLED);
            clearQueue(r.id());
        });
        return cancelled.stream().map(Row::id).toList();
    }

    /** The newest live execution of any of these graphs (the ingress target), whichever replica runs it. */
    Optional<String> newestLive(Collection<String> graphIds) {
        return jdbc.sql("SELECT id FROM graph_executions WHERE graph_id = ANY (?) AND state IN ('running', 'paused') "
                        + "ORDER BY created_at DESC LIMIT 1")
                .param(graphIds.toArray(String[]::new)).query(String.class).optional();
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

    static Row row(ResultSet rs, int n) throws SQLException {
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
