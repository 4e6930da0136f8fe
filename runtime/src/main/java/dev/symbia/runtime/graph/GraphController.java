package dev.symbia.runtime.graph;

import dev.symbia.auth.RequiresCapability;
import dev.symbia.auth.SymbiaPrincipal;
import dev.symbia.web.body.RequestBodies;
import io.swagger.v3.oas.annotations.Operation;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

@RestController
class GraphController {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    private final GraphService graphs;
    private final RequestBodies bodies;

    GraphController(GraphService graphs, RequestBodies bodies) {
        this.graphs = graphs;
        this.bodies = bodies;
    }

    @Operation(summary = "Load a graph (JSON, or YAML with Content-Type application/yaml); 201, or 400 naming the node, port or field")
    @PostMapping(value = "/api/graphs", consumes = {MediaType.APPLICATION_JSON_VALUE, "application/yaml", "application/x-yaml",
            "text/yaml", MediaType.TEXT_PLAIN_VALUE})
    @RequiresCapability("cap:runtime.execute")
    ResponseEntity<GraphView.Loaded> load(SymbiaPrincipal principal, @RequestBody String body,
                                          @RequestHeader(value = "Content-Type", defaultValue = "application/json") String type) {
        JsonNode definition;
        boolean yaml = type.contains("yaml") || type.startsWith(MediaType.TEXT_PLAIN_VALUE);
        try {
            definition = yaml ? YAML.readTree(body) : JSON.readTree(body);
        } catch (JacksonException e) {
            throw RequestBodies.invalid("The body is not valid " + (yaml ? "YAML" : "JSON") + ".",
                    List.of(Map.of("field", "", "message", "does not parse at line " + e.getLocation().getLineNr())));
        }
        LoadedGraph graph = graphs.load(definition, principal);
        return ResponseEntity.status(HttpStatus.CREATED).body(GraphView.Loaded.of(graph));
    }

    record CatalogLoad(@jakarta.validation.constraints.NotBlank String key, String version) {
    }

    @Operation(summary = "Load a published catalog graph by key, pinned to a version (number, semver range or latest); the catalog checks the caller's read access")
    @PostMapping("/api/graphs/catalog")
    @RequiresCapability("cap:runtime.execute")
    ResponseEntity<GraphView.Loaded> loadFromCatalog(SymbiaPrincipal principal, @RequestBody JsonNode body,
                                                     @RequestHeader(value = "Authorization", required = false) String authorization) {
        CatalogLoad request = bodies.read(body, CatalogLoad.class);
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(graphs.loadFromCatalog(request.key(), request.version(), principal, authorization));
    }

    @Operation(summary = "Graphs loaded for the caller's orgs")
    @GetMapping("/api/graphs")
    Map<String, Object> list(SymbiaPrincipal principal) {
        List<GraphView.Summary> visible = graphs.visible(principal).stream().map(GraphView.Summary::of).toList();
        return Map.of("loadedGraphs", visible.size(), "graphs", visible);
    }

    @Operation(summary = "One graph with its topology (sorted, levels, input and output nodes); another org's is 404")
    @GetMapping("/api/graphs/{id}")
    GraphView.Detail one(SymbiaPrincipal principal, @PathVariable String id) {
        return GraphView.Detail.of(graphs.visible(id, principal));
    }

    @Operation(summary = "Unload a graph: its executions stop; its operator state is kept")
    @DeleteMapping("/api/graphs/{id}")
    @RequiresCapability("cap:runtime.execute")
    ResponseEntity<Void> unload(SymbiaPrincipal principal, @PathVariable String id) {
        graphs.unload(id, principal);
        return ResponseEntity.noContent().build();
    }
}
