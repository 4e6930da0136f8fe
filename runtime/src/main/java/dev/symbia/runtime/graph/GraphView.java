package dev.symbia.runtime.graph;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Wire shapes of graphs (§2.1). */
final class GraphView {

    private GraphView() {
    }

    record Topology(List<String> inputNodes, List<String> outputNodes) {
    }

    record FullTopology(List<String> sorted, Map<String, Integer> levels, List<String> inputNodes, List<String> outputNodes) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Loaded(String type, String id, String name, String version, String key, Integer catalogVersion, int nodeCount,
                  int edgeCount, Topology topology, Instant loadedAt) {
        static Loaded of(LoadedGraph g) {
            return of(g, null);
        }

        static Loaded of(LoadedGraph g, Integer catalogVersion) {
            return new Loaded("graph", g.id(), g.name(), g.version(), g.key(), catalogVersion, g.nodes().size(), g.edges().size(),
                    new Topology(g.topology().inputNodes(), g.topology().outputNodes()), g.loadedAt());
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Summary(String id, String name, String version, String description, int nodeCount, int edgeCount, String orgId,
                   String role, JsonNode ingress, String key, Integer catalogVersion, Instant loadedAt) {
        static Summary of(LoadedGraph g) {
            JsonNode metadata = g.metadata();
            return new Summary(g.id(), g.name(), g.version(), g.description(), g.nodes().size(), g.edges().size(), g.orgId(),
                    g.role(), metadata == null ? null : metadata.get("ingress"), g.key(),
                    g.catalog() == null ? null : g.catalog().version(), g.loadedAt());
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Detail(String id, String name, String version, String description, String key, String orgId, Integer catalogVersion,
                  String replacedBy, JsonNode nodes, JsonNode edges, FullTopology topology, Instant loadedAt) {
        static Detail of(LoadedGraph g) {
            return new Detail(g.id(), g.name(), g.version(), g.description(), g.key(), g.orgId(),
                    g.catalog() == null ? null : g.catalog().version(), g.catalog() == null ? null : g.catalog().replacedBy(),
                    g.definition().get("nodes"), g.definition().get("edges"), new FullTopology(g.topology().sorted(),
                    g.topology().levels(), g.topology().inputNodes(), g.topology().outputNodes()), g.loadedAt());
        }
    }
}
