package dev.symbia.runtime.execution;

import dev.symbia.runtime.config.RuntimeProperties;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Ownership of live executions among replicas sharing one database: {@code graph_executions.owner/fence/lease_until}.
 * A lease is taken when an execution starts, renewed by its owner, and claimed by another replica only once it has
 * expired in the database's clock ({@code FOR UPDATE SKIP LOCKED}, so two claimers never take the same row). Every
 * claim raises the fence; the owner's writes carry it, so a replica that lost its lease cannot overwrite the new owner.
 */
@Repository
class Leases {

    /** An execution claimed by this replica, with the fence its writes must carry. */
    record Claimed(ExecutionStore.Row row, long fence) {
    }

    /** Who owns a live execution, and whether their lease is still valid. */
    record Owner(String replica, String url, boolean valid) {
    }

    private static final String LIVE = "state IN ('running', 'paused')";

    private final JdbcClient jdbc;
    private final double ttlSeconds;

    Leases(JdbcClient jdbc, RuntimeProperties properties) {
        this.jdbc = jdbc;
        this.ttlSeconds = properties.leaseTtl().toMillis() / 1000.0;
    }

    void register(String replica, String url) {
        jdbc.sql("INSERT INTO runtime_replicas (id, url, heartbeat_at) VALUES (?, ?, now()) "
                        + "ON CONFLICT (id) DO UPDATE SET url = excluded.url, heartbeat_at = now()")
                .params(replica, url == null ? "" : url).update();
    }

    /** Renews every lease this replica holds; answers execution id → fence of those it still holds. */
    Map<String, Long> renew(String replica) {
        Map<String, Long> held = new HashMap<>();
        jdbc.sql("UPDATE graph_executions SET lease_until = now() + make_interval(secs => ?) WHERE owner = ? AND " + LIVE
                        + " RETURNING id, fence")
                .params(ttlSeconds, replica)
                .query((rs, n) -> held.put(rs.getString("id"), rs.getLong("fence"))).list();
        jdbc.sql("UPDATE runtime_replicas SET heartbeat_at = now() WHERE id = ?").param(replica).update();
        return held;
    }

    /** Renews one lease if this replica still holds it with this fence. */
    boolean renew(String replica, String executionId, long fence) {
        return jdbc.sql("UPDATE graph_executions SET lease_until = now() + make_interval(secs => ?) "
                        + "WHERE id = ? AND owner = ? AND fence = ? AND " + LIVE)
                .params(ttlSeconds, executionId, replica, fence).update() == 1;
    }

    /**
     * Claims live executions nobody validly owns (never owned, released, or expired); with {@code includeOwn} also
     * those recorded as this replica's (a restart with the same id takes its own back without waiting).
     */
    List<Claimed> claimExpired(String replica, boolean includeOwn, int limit) {
        return jdbc.sql("UPDATE graph_executions g SET owner = :me, fence = g.fence + 1, lease_until = now() + make_interval(secs => :ttl) "
                        + "WHERE g.id IN (SELECT id FROM graph_executions WHERE " + LIVE
                        + " AND (owner IS NULL OR lease_until IS NULL OR lease_until < now()" + (includeOwn ? " OR owner = :me" : "") + ") "
                        + "ORDER BY created_at LIMIT :limit FOR UPDATE SKIP LOCKED) RETURNING g.*")
                .param("me", replica).param("ttl", ttlSeconds).param("limit", limit)
                .query((rs, n) -> new Claimed(ExecutionStore.row(rs, n), rs.getLong("fence"))).list();
    }

    /** Claims one execution if it is live and nobody else validly owns it. */
    Optional<Claimed> claim(String replica, String executionId) {
        return jdbc.sql("UPDATE graph_executions g SET owner = :me, fence = g.fence + 1, lease_until = now() + make_interval(secs => :ttl) "
                        + "WHERE g.id IN (SELECT id FROM graph_executions WHERE id = :id AND " + LIVE
                        + " AND (owner IS NULL OR owner = :me OR lease_until IS NULL OR lease_until < now()) FOR UPDATE SKIP LOCKED) RETURNING g.*")
                .param("me", replica).param("ttl", ttlSeconds).param("id", executionId)
                .query((rs, n) -> new Claimed(ExecutionStore.row(rs, n), rs.getLong("fence"))).optional();
    }

    Optional<Owner> owner(String executionId) {
        return jdbc.sql("SELECT g.owner, r.url, (g.lease_until IS NOT NULL AND g.lease_until >= now()) AS valid "
                        + "FROM graph_executions g LEFT JOIN runtime_replicas r ON r.id = g.owner WHERE g.id = ? AND g." + LIVE)
                .param(executionId)
                .query((rs, n) -> new Owner(rs.getString("owner"), rs.getString("url"), rs.getBoolean("valid"))).optional();
    }

    /** A graceful stop hands this replica's executions over at once instead of after the lease expires. */
    void release(String replica) {
        jdbc.sql("UPDATE graph_executions SET owner = NULL, lease_until = NULL WHERE owner = ? AND " + LIVE).param(replica).update();
    }
}
