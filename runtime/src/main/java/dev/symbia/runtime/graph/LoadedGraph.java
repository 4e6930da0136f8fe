package dev.symbia.runtime.graph;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A validated graph: its definition, its nodes and edges, and its Kahn topology.
 *
 * @param key     the operator-state key: the catalog resource key, else the graph name
 * @param ownerId the user who loaded it
 * @param catalog where a graph loaded from the catalog is pinned (null for graphs loaded from a body)
 */
public record LoadedGraph(
        String id,
        String orgId,
        String key,
        String name,
        String version,
        String description,
        List<Node> nodes,
        List<Edge> edges,
        Topology topology,
        JsonNode metadata,
        JsonNode definition,
        Instant loadedAt,
        String ownerId,
        CatalogPin catalog) {

    /**
     * A graph loaded from the catalog: the version it resolved to, what was asked ({@code spec}: a version or range;
     * null = the latest), the resource's {@code metadata.role}, and the graph that replaced it after the catalog
     * changed (null while it is the current one; executions started on it keep running on it); {@code hydrated}
     * when the runtime loaded it by itself from the catalog's published graphs rather than at a user's request.
     */
    public record CatalogPin(int version, String spec, String role, String replacedBy, boolean hydrated) {
    }

    /** The same graph owned by the user who loaded it (LLM calls act for them). */
    public LoadedGraph withOwner(String owner) {
        return new LoadedGraph(id, orgId, key, name, version, description, nodes, edges, topology, metadata, definition, loadedAt,
                owner, catalog);
    }

    /** The same graph pinned to a catalog version. */
    public LoadedGraph withCatalog(CatalogPin pin) {
        return new LoadedGraph(id, orgId, key, name, version, description, nodes, edges, topology, metadata, definition, loadedAt,
                ownerId, pin);
    }

    /** True when a newer catalog version replaced it: listings and ingress skip it, its executions keep it. */
    public boolean replaced() {
        return catalog != null && catalog.replacedBy() != null;
    }

    /** The role: the catalog resource's {@code metadata.role}, else the definition's, else null. */
    public String role() {
        if (catalog != null && catalog.role() != null) {
            return catalog.role();
        }
        return metadata != null && metadata.path("role").isString() ? metadata.get("role").stringValue() : null;
    }

    /** Role {@code pipeline} or {@code service}: the platform's own work, started as it loads. */
    public boolean runsByItself() {
        String role = role();
        return "pipeline".equals(role) || "service".equals(role);
    }

    public record Node(String id, String component, JsonNode config) {
    }

    public record PortRef(String node, String port) {
    }

    public record Edge(String id, PortRef source, PortRef target) {
    }

    /**
     * @param sorted   Kahn order (FIFO, seeded in node-definition order)
     * @param levels   longest-path depth of each node
     * @param outgoing node → port → edges leaving it (definition order)
     */
    public record Topology(List<String> sorted, Map<String, Integer> levels, List<String> inputNodes,
                           List<String> outputNodes, Map<String, Map<String, List<Edge>>> outgoing) {

        public List<Edge> outgoing(String node, String port) {
            return outgoing.getOrDefault(node, Map.of()).getOrDefault(port, List.of());
        }
    }

    public Node node(String nodeId) {
        for (Node node : nodes) {
            if (node.id().equals(nodeId)) {
                return node;
            }
        }
        return null;
    }

    /** The declared ingress {@code metadata.ingress}, else node {@code entry} port {@code in}. */
    public PortRef ingress() {
        JsonNode ingress = metadata == null ? null : metadata.get("ingress");
        if (ingress != null && ingress.isObject()) {
            return new PortRef(ingress.path("node").asString("entry"), ingress.path("port").asString("in"));
        }
        return new PortRef("entry", "in");
    }

    /** The capability the ingress declares, or null. */
    public String ingressCapability() {
        JsonNode ingress = metadata == null ? null : metadata.get("ingress");
        JsonNode capability = ingress == null ? null : ingress.get("capability");
        return capability == null || !capability.isString() ? null : capability.stringValue();
    }
}
