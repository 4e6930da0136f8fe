package dev.symbia.runtime.graph;

import dev.symbia.runtime.component.Component;
import dev.symbia.runtime.component.ComponentRegistry;
import dev.symbia.runtime.component.ComponentSpec;
import dev.symbia.runtime.config.RuntimeProperties;
import dev.symbia.runtime.config.RuntimeProperties.Enforcement;
import dev.symbia.web.body.RequestBodies;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Load-time validation in the reference's order (§2.3), plus what it misses: ports against the component's
 * declared inputs/outputs and node config against its config schema (networknt JSON Schema), both as the catalog's
 * component manifest declares them when enforcement is on and there is one, else as the in-process component does.
 * The first failing step answers 400 with {@code errors[{field, message}]} naming the node, edge, port or field.
 */
@Service
class GraphLoader {

    private static final Logger log = LoggerFactory.getLogger(GraphLoader.class);

    private final ComponentRegistry registry;
    private final ManifestSource manifests;
    private final Enforcement enforcement;

    GraphLoader(ComponentRegistry registry, ManifestSource manifests, RuntimeProperties properties) {
        this.registry = registry;
        this.manifests = manifests;
        this.enforcement = properties.manifestEnforcement();
    }

    LoadedGraph load(JsonNode definition, String orgId, String key, String id, Instant loadedAt) {
        return load(definition, orgId, key, id, loadedAt, true);
    }

    /**
     * {@code checkManifests} false when re-hydrating a graph that passed the gate when it was loaded: its manifests,
     * ports and config were checked then (against the manifests of that time), so only its structure is rebuilt.
     */
    LoadedGraph load(JsonNode definition, String orgId, String key, String id, Instant loadedAt, boolean checkManifests) {
        // 1. structure
        if (definition == null || !definition.isObject()) {
            throw refuse("The graph must be a JSON or YAML object", "", "must be an object");
        }
        List<Map<String, Object>> errors = new ArrayList<>();
        if (!definition.path("symbia").isString()) {
            errors.add(error("symbia", "is required (a string such as \"1.0\")"));
        }
        if (!definition.path("name").isString() || definition.path("name").stringValue().isBlank()) {
            errors.add(error("name", "is required"));
        }
        if (!definition.path("nodes").isArray()) {
            errors.add(error("nodes", "is required (an array)"));
        }
        if (!definition.path("edges").isArray()) {
            errors.add(error("edges", "is required (an array)"));
        }
        failIf(errors, "Invalid graph structure");

        // 2. node ids present and unique
        List<LoadedGraph.Node> nodes = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        int index = 0;
        for (JsonNode node : definition.get("nodes")) {
            String field = "nodes[" + index++ + "]";
            if (!node.isObject() || !node.path("id").isString() || node.path("id").stringValue().isBlank()) {
                throw refuse("Every node needs an id", field + ".id", "is required");
            }
            String nodeId = node.get("id").stringValue();
            if (!ids.add(nodeId)) {
                throw refuse("Duplicate node id '" + nodeId + "'", field + ".id", "duplicates node '" + nodeId + "'");
            }
            JsonNode component = node.get("component");
            JsonNode config = node.get("config");
            nodes.add(new LoadedGraph.Node(nodeId, component != null && component.isString() ? component.stringValue() : null,
                    config == null || config.isNull() ? JsonNodeFactory.instance.objectNode() : config));
        }

        // 3. edge endpoints exist
        List<LoadedGraph.Edge> edges = new ArrayList<>();
        index = 0;
        for (JsonNode edge : definition.get("edges")) {
            String field = "edges[" + index + "]";
            String edgeId = edge.path("id").isString() ? edge.get("id").stringValue() : "e" + index;
            index++;
            LoadedGraph.PortRef source = endpoint(edge, "source", field, ids);
            LoadedGraph.PortRef target = endpoint(edge, "target", field, ids);
            edges.add(new LoadedGraph.Edge(edgeId, source, target));
        }

        // 4. every node has a registered component (all missing ones together)
        for (int i = 0; i < nodes.size(); i++) {
            LoadedGraph.Node node = nodes.get(i);
            if (node.component() == null) {
                errors.add(error("nodes[" + i + "].component", "is required (node '" + node.id() + "')"));
            } else if (registry.find(node.component()).isEmpty()) {
                errors.add(error("nodes[" + i + "].component", "'" + node.component() + "' is not a registered component (node '"
                        + node.id() + "')"));
            }
        }
        failIf(errors, "Unknown or missing components");

        // 5. manifest enforcement: "catalog never read" is not "no manifests"
        Map<String, ManifestSource.Manifest> manifested = checkManifests ? enforceManifests(nodes) : Map.of();
        if (checkManifests) {
            checkContracts(nodes, edges, manifested);
        }

        // 8. Kahn's algorithm
        LoadedGraph.Topology topology = topology(nodes, edges);
        String name = definition.get("name").stringValue();
        return new LoadedGraph(id == null ? UUID.randomUUID().toString() : id, orgId, key == null ? name : key, name,
                text(definition, "version"), text(definition, "description"), List.copyOf(nodes), List.copyOf(edges),
                topology, definition.get("metadata"), definition, loadedAt, null, null);
    }

    private void checkContracts(List<LoadedGraph.Node> nodes, List<LoadedGraph.Edge> edges,
            Map<String, ManifestSource.Manifest> manifested) {
        List<Map<String, Object>> errors = new ArrayList<>();

        // 6. ports against declarations (the reference does not check them): the catalog's manifest when there is one
        Map<String, LoadedGraph.Node> byId = new LinkedHashMap<>();
        nodes.forEach(n -> byId.put(n.id(), n));
        for (int i = 0; i < edges.size(); i++) {
            LoadedGraph.Edge edge = edges.get(i);
            LoadedGraph.Node source = byId.get(edge.source().node());
            Declared sourceDeclared = declared(source, manifested);
            if (!sourceDeclared.hasOutput(edge.source().port())) {
                errors.add(error("edges[" + i + "].source.port", "'" + edge.source().port() + "' is not an output of node '"
                        + source.id() + "' (" + source.component() + " emits " + sourceDeclared.outputs() + sourceDeclared.from() + ")"));
            }
            LoadedGraph.Node target = byId.get(edge.target().node());
            Declared targetDeclared = declared(target, manifested);
            if (!targetDeclared.hasInput(edge.target().port())) {
                errors.add(error("edges[" + i + "].target.port", "'" + edge.target().port() + "' is not an input of node '"
                        + target.id() + "' (" + target.component() + " takes " + targetDeclared.inputs() + targetDeclared.from() + ")"));
            }
        }
        failIf(errors, "Unknown ports");

        // 7. node config against the component's config schema (the reference does not check it): the running
        // component's, and the fields, required fields and allowed values its catalog manifest declares, if it declares
        // a config (undeclared is not {}, which takes none)
        for (int i = 0; i < nodes.size(); i++) {
            LoadedGraph.Node node = nodes.get(i);
            String prefix = "nodes[" + i + "].config";
            if (!node.config().isObject()) {
                errors.add(error(prefix, "must be an object (node '" + node.id() + "')"));
                continue;
            }
            Set<String> named = new HashSet<>();
            for (Map<String, String> problem : registry.configErrors(node.component(), node.config())) {
                named.add(field(prefix, problem));
                errors.add(error(field(prefix, problem), problem.get("message") + " (node '" + node.id() + "')"));
            }
            ManifestSource.Manifest manifest = manifested.get(node.component());
            if (manifest != null && manifest.config() != null) {
                for (Map<String, String> problem : registry.manifestConfigErrors(manifest.config(), node.config())) {
                    if (!named.add(field(prefix, problem))) {
                        continue; // already refused by the running component
                    }
                    errors.add(error(field(prefix, problem), problem.get("message") + " (node '" + node.id()
                            + "', catalog manifest of " + node.component() + ")"));
                }
            }
        }
        failIf(errors, "Invalid node config");
    }

    /** Kahn: FIFO seeded in node order; duplicate edges count twice; level = parent's level + 1 when it frees a node. */
    static LoadedGraph.Topology topology(List<LoadedGraph.Node> nodes, List<LoadedGraph.Edge> edges) {
        Map<String, Integer> inDegree = new LinkedHashMap<>();
        Map<String, List<String>> children = new LinkedHashMap<>();
        Map<String, Map<String, List<LoadedGraph.Edge>>> outgoing = new LinkedHashMap<>();
        for (LoadedGraph.Node node : nodes) {
            inDegree.put(node.id(), 0);
            children.put(node.id(), new ArrayList<>());
        }
        for (LoadedGraph.Edge edge : edges) {
            children.get(edge.source().node()).add(edge.target().node());
            inDegree.merge(edge.target().node(), 1, Integer::sum);
            outgoing.computeIfAbsent(edge.source().node(), n -> new LinkedHashMap<>())
                    .computeIfAbsent(edge.source().port(), p -> new ArrayList<>()).add(edge);
        }
        List<String> inputNodes = new ArrayList<>();
        List<String> outputNodes = new ArrayList<>();
        for (LoadedGraph.Node node : nodes) {
            if (inDegree.get(node.id()) == 0) {
                inputNodes.add(node.id());
            }
            if (children.get(node.id()).isEmpty()) {
                outputNodes.add(node.id());
            }
        }
        Map<String, Integer> remaining = new LinkedHashMap<>(inDegree);
        Map<String, Integer> levels = new LinkedHashMap<>();
        ArrayDeque<String> queue = new ArrayDeque<>(inputNodes);
        inputNodes.forEach(n -> levels.put(n, 0));
        List<String> sorted = new ArrayList<>();
        while (!queue.isEmpty()) {
            String current = queue.removeFirst();
            sorted.add(current);
            for (String child : children.get(current)) {
                if (remaining.merge(child, -1, Integer::sum) == 0) {
                    levels.put(child, levels.get(current) + 1);
                    queue.addLast(child);
                }
            }
        }
        if (sorted.size() != nodes.size()) {
            List<String> cyclic = nodes.stream().map(LoadedGraph.Node::id).filter(n -> !sorted.contains(n)).toList();
            throw RequestBodies.invalid("Graph contains cycles (nodes " + cyclic + ")",
                    cyclic.stream().map(n -> error("nodes." + n, "is on a cycle")).toList());
        }
        Map<String, Map<String, List<LoadedGraph.Edge>>> frozen = new LinkedHashMap<>();
        outgoing.forEach((node, ports) -> {
            Map<String, List<LoadedGraph.Edge>> copy = new LinkedHashMap<>();
            ports.forEach((port, list) -> copy.put(port, List.copyOf(list)));
            frozen.put(node, Map.copyOf(copy));
        });
        return new LoadedGraph.Topology(List.copyOf(sorted), Map.copyOf(levels), List.copyOf(inputNodes),
                List.copyOf(outputNodes), Map.copyOf(frozen));
    }

    /**
     * Refuses (strict) or logs (warn) components the catalog does not manifest, and a catalog never read; answers
     * the manifests the graph's components have (empty when enforcement is off or the catalog was never read).
     */
    private Map<String, ManifestSource.Manifest> enforceManifests(List<LoadedGraph.Node> nodes) {
        if (enforcement == Enforcement.OFF) {
            return Map.of();
        }
        Optional<Map<String, ManifestSource.Manifest>> manifested = manifests.manifests();
        if (manifested.isEmpty()) {
            if (enforcement == Enforcement.STRICT) {
                throw refuse("Component manifests unavailable (catalog not reached); strict manifest enforcement refuses the graph",
                        "nodes", "cannot be checked against the catalog's component manifests");
            }
            log.warn("Loading a graph without checking component manifests: the catalog was never read");
            return Map.of();
        }
        List<Map<String, Object>> errors = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            LoadedGraph.Node node = nodes.get(i);
            if (!manifested.get().containsKey(node.component())) {
                errors.add(error("nodes[" + i + "].component", node.id() + " -> " + node.component() + " has no manifest in the catalog"));
            }
        }
        if (!errors.isEmpty()) {
            if (enforcement == Enforcement.STRICT) {
                failIf(errors, "Components without a catalog manifest");
            }
            log.warn("Graph uses components without a catalog manifest: {}", errors);
        }
        return manifested.get();
    }

    /** A node's declared ports: its component's catalog manifest, else the in-process declaration. */
    private record Declared(List<String> inputs, boolean anyInput, List<String> outputs, String from) {
        // Any node may emit on error (a handler that throws does).
        boolean hasOutput(String port) {
            return port.equals("error") || outputs.contains(port);
        }

        // A component taking any input port (merge) keys by the port's name, which no manifest can list.
        boolean hasInput(String port) {
            return anyInput || inputs.contains(port);
        }
    }

    private Declared declared(LoadedGraph.Node node, Map<String, ManifestSource.Manifest> manifested) {
        ComponentSpec spec = spec(node);
        ManifestSource.Manifest manifest = manifested.get(node.component());
        if (manifest == null) {
            List<String> outputs = spec.outputs().stream().map(p -> p.name()).toList();
            return new Declared(spec.inputs(), spec.anyInput(), outputs(spec, node, outputs), "");
        }
        return new Declared(manifest.inputs(), spec.anyInput(), outputs(spec, node, manifest.outputs()), " by its catalog manifest");
    }

    private LoadedGraph.PortRef endpoint(JsonNode edge, String side, String field, Set<String> ids) {
        JsonNode end = edge.path(side);
        if (!end.path("node").isString()) {
            throw refuse("Edge " + side + " needs a node", field + "." + side + ".node", "is required");
        }
        if (!end.path("port").isString()) {
            throw refuse("Edge " + side + " needs a port", field + "." + side + ".port", "is required");
        }
        String node = end.get("node").stringValue();
        if (!ids.contains(node)) {
            throw refuse("Edge " + side + " node '" + node + "' does not exist", field + "." + side + ".node",
                    "'" + node + "' is not a node of this graph");
        }
        return new LoadedGraph.PortRef(node, end.get("port").stringValue());
    }

    private ComponentSpec spec(LoadedGraph.Node node) {
        return registry.find(node.component()).map(Component::spec).orElseThrow();
    }

    // Switch adds its config.ports to the declared outputs.
    private static List<String> outputs(ComponentSpec spec, LoadedGraph.Node node, List<String> declared) {
        List<String> out = new ArrayList<>(declared);
        if (spec.outputsFrom() != null && node.config().path(spec.outputsFrom()).isArray()) {
            node.config().get(spec.outputsFrom()).forEach(p -> out.add(p.asString()));
        }
        return out;
    }

    private static String field(String prefix, Map<String, String> problem) {
        return problem.get("field").isEmpty() ? prefix : prefix + "." + problem.get("field");
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }

    private static Map<String, Object> error(String field, String message) {
        return Map.of("field", field, "message", message);
    }

    private static void failIf(List<Map<String, Object>> errors, String title) {
        if (!errors.isEmpty()) {
            String detail = title + ": " + errors.stream().map(e -> e.get("field") + " " + e.get("message"))
                    .reduce((a, b) -> a + "; " + b).orElse("");
            throw RequestBodies.invalid(detail, List.copyOf(errors));
        }
    }

    private static RuntimeException refuse(String detail, String field, String message) {
        return RequestBodies.invalid(detail + ".", List.of(error(field, message)));
    }
}
