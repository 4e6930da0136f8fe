package dev.symbia.runtime.execution;

import dev.symbia.runtime.component.OperatorState;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Durable operator state keyed by (org, graph key, node, state key): an in-memory cache written behind to
 * {@code operator_state} (upsert of the dirty keys at every flush; a failed flush re-queues them), hydrated once per
 * (org, graph key) per process. A crash loses at most one flush interval.
 */
@Repository
class StateStore {

    private static final Logger log = LoggerFactory.getLogger(StateStore.class);

    record Key(String orgId, String graphKey, String nodeId, String stateKey) {
    }

    private record Node(String orgId, String graphKey, String nodeId) {
    }

    private final JdbcClient jdbc;
    private final JsonMapper json = JsonMapper.builder().build();
    private final Map<Node, Map<String, JsonNode>> cache = new ConcurrentHashMap<>();
    private final Set<String> hydrated = ConcurrentHashMap.newKeySet();
    private final Set<Key> dirty = Collections.synchronizedSet(new LinkedHashSet<>());

    StateStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
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
                    if (!dirty.contains(new Key(orgId, graphKey, nodeId, stateKey))) {
                        node(orgId, graphKey, nodeId).put(stateKey, json.readTree(rs.getString("value")));
                    }
                    return null;
                }).list();
    }

    OperatorState view(String orgId, String graphKey, String nodeId) {
        Map<String, JsonNode> values = node(orgId, graphKey, nodeId);
        return new OperatorState() {
            @Override
            public JsonNode get(String key) {
                return values.get(key);
            }

            @Override
            public void put(String key, JsonNode value) {
                values.put(key, value);
                dirty.add(new Key(orgId, graphKey, nodeId, key));
            }

            @Override
            public Map<String, JsonNode> all() {
                synchronized (values) {
                    return new LinkedHashMap<>(values);
                }
            }
        };
    }

    /** Writes the dirty keys; returns how many. */
    int flush() {
        List<Key> batch;
        synchronized (dirty) {
            batch = new ArrayList<>(dirty);
            dirty.clear();
        }
        if (batch.isEmpty()) {
            return 0;
        }
        try {
            for (Key key : batch) {
                JsonNode value = node(key.orgId(), key.graphKey(), key.nodeId()).get(key.stateKey());
                if (value == null) {
                    continue;
                }
                jdbc.sql("INSERT INTO operator_state (org_id, graph_key, node_id, state_key, value, updated_at) "
                                + "VALUES (?, ?, ?, ?, ?::jsonb, now()) ON CONFLICT (org_id, graph_key, node_id, state_key) "
                                + "DO UPDATE SET value = EXCLUDED.value, updated_at = now()")
                        .params(key.orgId(), key.graphKey(), key.nodeId(), key.stateKey(), json.writeValueAsString(value))
                        .update();
            }
            return batch.size();
        } catch (RuntimeException e) {
            dirty.addAll(batch);
            log.warn("Operator state flush failed, {} keys re-queued: {}", batch.size(), e.toString());
            return 0;
        }
    }

    /** Forgets the cache (a simulated process exit in tests); the database keeps what was flushed. */
    void forget() {
        cache.clear();
        hydrated.clear();
        dirty.clear();
    }

    private Map<String, JsonNode> node(String orgId, String graphKey, String nodeId) {
        return cache.computeIfAbsent(new Node(orgId, graphKey, nodeId), n -> Collections.synchronizedMap(new LinkedHashMap<>()));
    }
}
