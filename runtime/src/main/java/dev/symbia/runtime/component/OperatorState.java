package dev.symbia.runtime.component;

import java.util.Map;
import tools.jackson.databind.JsonNode;

/** A node's durable state, keyed by (org, graph key, node id, state key); written behind, hydrated on start. */
public interface OperatorState {

    JsonNode get(String key);

    void put(String key, JsonNode value);

    /** Every key of this node, in insertion order. */
    Map<String, JsonNode> all();
}
