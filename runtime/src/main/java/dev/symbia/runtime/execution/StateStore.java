package dev.symbia.runtime.execution;

import dev.symbia.runtime.component.OperatorState;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Durable operator state keyed by (org, graph key, node, state key): an in-memory cache written behind to
 * {@code operator_state} (upsert of the dirty keys at every flush; a failed flush re-queues them), hydrated once per
 * (org, graph key) per process. A crash loses at most one flush interval. Writes are fenced like every execution
 * write: a key is flushed only while the execution that last wrote it is still leased to this replica with the
 * fence it had then, so a replica that lost an execution cannot overwrite what the new owner wrote.
 */
@Repository
class StateStore {

    private static final Logger log = LoggerFactory.getLogger(StateStore.class);

    record Key(String orgId, String graphKey, String nodeId, String stateKey) {
    }

    private record Node(String orgId, String graphKey, String nodeId) {
    }

    /** Who wrote a dirty key last: the execution and the fence it held then. */
    private record Writer(String executionId, long fence) {
    }

    private final JdbcClient jdbc;
    private final ReplicaIdentity replica;
    private final JsonMapper json = JsonMapper.builder().build();
    private final Map<Node, Map<String, JsonNode>> cache = new ConcurrentHashMap<>();
    private final Set<String> hydrated = ConcurrentHashMap.newKeySet();
    private final Map<Key, Writer> dirty = new LinkedHashMap<>(); // guarded by itself
    private final AtomicLong refused = new AtomicLong();

    StateStore(JdbcClient jdbc, ReplicaIdentity replica) {
        this.jdbc = jdbc;
        this.replica = replica;
    }

    /** Loads the graph's rows once per process (on execution start). */
    void hydrate(String orgId, String graphKey) {
        if (!hydrated.add(orgId + "\u0000" + graphKey)) {
            return;
        }
        jdbc.sql("SELECT node_id, state_key, value::text AS value FROM operator_state WHERE org_id = ? AND graph_key = ? "
                        + "ORDER BY updated_at, state_key")
                .params(orgId, graphKey)
                .query((rs, n) -> {
                    node(orgId, graphKey, rs.getString("node_id")).putIfAbsent(rs.getString("state_key"), json.readTree(rs.getString("value")));
                    return null;
                }).list();
    }

    /**
     * Re-reads the graph's rows after this replica claimed an execution another replica ran: what that replica
     * flushed is newer than this cache, except keys written here and not yet flushed.
     */
    void rehydrate(String orgId, String graphKey) {
        hydrated.add(orgId + "\u0000" + graphKey);
        jdbc.sql("SELECT node_id, state_key, value::text AS value FROM operator_state WHERE org_id = ? AND graph_key = ? "
                        + "ORDER BY updated_at, state_key")
                .params(orgId, graphKey)
                .query((rs, n) -> {
                    String nodeId = rs.getString("node_id");
                    String stateKey = rs.getString("state_key");
                    if (!isDirty(new Key(orgId, graphKey, nodeId, stateKey))) {
                        node(orgId, graphKey, nodeId).put(stateKey, json.readTree(rs.getString("value")));
                    }
                    return null;
                }).list();
    }

    /** A node's state as {@code execution} sees it; its writes carry the execution's current fence. */
    OperatorState view(Execution execution, String nodeId) {
        String orgId = execution.orgId();
        String graphKey = execution.graph.key();
        Map<String, JsonNode> values = node(orgId, graphKey, nodeId);
        return new OperatorState() {
            @Override
            public JsonNode get(String key) {
                return values.get(key);
            }

            @Override
            public void put(String key, JsonNode value) {
                values.put(key, value);
                synchronized (dirty) {
                    dirty.put(new Key(orgId, graphKey, nodeId, key), new Writer(execution.id, execution.fence));
                }
            }

            @Override
            public Map<String, JsonNode> all() {
                synchronized (values) {
                    return new LinkedHashMap<>(values);
                }
            }
        };
    }

    /**
     * Writes the dirty keys whose writer still holds its lease; returns how many were written. One flush at a time:
     * a caller about to end an execution knows every earlier write has landed when its own flush returns.
     */
    synchronized int flush() {
        List<Map.Entry<Key, Writer>> batch;
        synchronized (dirty) {
            batch = new ArrayList<>(dirty.entrySet());
            dirty.clear();
        }
        if (batch.isEmpty()) {
            return 0;
        }
        int written = 0;
        int done = 0;
        try {
            for (Map.Entry<Key, Writer> entry : batch) {
                Key key = entry.getKey();
                JsonNode value = node(key.orgId(), key.graphKey(), key.nodeId()).get(key.stateKey());
                if (value != null) {
                    int rows = jdbc.sql("INSERT INTO operator_state (org_id, graph_key, node_id, state_key, value, updated_at) "
                                    + "SELECT ?, ?, ?, ?, ?::jsonb, now() WHERE EXISTS (SELECT 1 FROM graph_executions WHERE id = ? "
                                    + "AND owner = ? AND fence = ? AND state IN ('running', 'paused')) "
                                    + "ON CONFLICT (org_id, graph_key, node_id, state_key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()")
                            .params(key.orgId(), key.graphKey(), key.nodeId(), key.stateKey(), json.writeValueAsString(value),
                                    entry.getValue().executionId(), replica.id(), entry.getValue().fence())
                            .update();
                    if (rows == 1) {
                        written++;
                    } else {
                        refused.incrementAndGet();
                        log.info("Operator state {} of execution {} not written: the execution is no longer leased here with fence {}",
                                key, entry.getValue().executionId(), entry.getValue().fence());
                    }
                }
                done++;
            }
            return written;
        } catch (RuntimeException e) {
            List<Map.Entry<Key, Writer>> rest = batch.subList(done, batch.size());
            synchronized (dirty) {
                rest.forEach(entry -> dirty.putIfAbsent(entry.getKey(), entry.getValue()));
            }
            log.warn("Operator state flush failed, {} keys re-queued: {}", rest.size(), e.toString());
            return written;
        }
    }

    /** Writes refused by the fence since start (tests, diagnostics). */
    long refusedWrites() {
        return refused.get();
    }

    /** Drops the cached state of a graph key and deletes its rows: the graph left the catalog. */
    void clearGraph(String orgId, String graphKey) {
        cache.keySet().removeIf(node -> node.orgId().equals(orgId) && node.graphKey().equals(graphKey));
        hydrated.remove(orgId + "\u0000" + graphKey);
        synchronized (dirty) {
            dirty.keySet().removeIf(key -> key.orgId().equals(orgId) && key.graphKey().equals(graphKey));
        }
        jdbc.sql("DELETE FROM operator_state WHERE org_id = ? AND graph_key = ?").params(orgId, graphKey).update();
    }

    private boolean isDirty(Key key) {
        synchronized (dirty) {
            return dirty.containsKey(key);
        }
    }

    /** Forgets the cache (a simulated process exit in tests); the database keeps what was flushed. */
    void forget() {
        cache.clear();
        hydrated.clear();
        synchronized (dirty) {
            dirty.clear();
        }
    }

    private Map<String, JsonNode> node(String orgId, String graphKey, String nodeId) {
        return cache.computeIfAbsent(new Node(orgId, graphKey, nodeId), n -> Collections.synchronizedMap(new LinkedHashMap<>()));
    }
}
