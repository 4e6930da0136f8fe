package dev.symbia.catalog.resource;

import dev.symbia.catalog.access.Access;
import dev.symbia.web.body.RequestBodies;
import io.swagger.v3.oas.annotations.Operation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** Search (full text + key prefix, read filter inside the SQL), stats and the {@code @catalog.*} namespace. */
@RestController
class SearchController {

    private final ResourceStore store;
    private final RequestBodies bodies;
    private final String version;

    SearchController(ResourceStore store, RequestBodies bodies, @Value("${symbia.service.version:0.1.0}") String version) {
        this.store = store;
        this.bodies = bodies;
        this.version = version;
    }

    @Operation(summary = "Keyword search over readable resources, best match first (bare array)")
    @PostMapping("/api/search")
    List<Resource> search(@RequestBody(required = false) JsonNode body) {
        ResourceRequests.Search request = bodies.read(body, ResourceRequests.Search.class);
        Map<String, Object> params = new LinkedHashMap<>();
        String read = Access.readFilter(ResourceController.principal(), params);
        return store.search(request.query(), new ResourceStore.Filter(request.type(), request.status(), null, null, null), read,
                params, request.limit() == null ? 50 : request.limit());
    }

    /** The reference's nl/search is the same keyword search; kept as an alias for its clients. */
    @Operation(summary = "Alias of /api/search")
    @PostMapping("/api/nl/search")
    List<Resource> nlSearch(@RequestBody(required = false) JsonNode body) {
        return search(body);
    }

    @Operation(summary = "Counts over the resources the caller may read")
    @GetMapping("/api/stats")
    Map<String, Object> stats() {
        Map<String, Object> params = new LinkedHashMap<>();
        Map<String, Long> counts = store.stats(Access.readFilter(ResourceController.principal(), params), params);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("totalResources", counts.get("total"));
        out.put("publishedVersions", counts.get("published"));
        out.put("bootstrapEntries", counts.get("bootstrap"));
        out.put("totalAssistants", counts.get("assistants"));
        out.put("totalContexts", counts.get("contexts"));
        out.put("totalIntegrations", counts.get("integrations"));
        out.put("totalGraphs", counts.get("graphs"));
        out.put("totalComponents", counts.get("components"));
        out.put("totalApps", counts.get("apps"));
        out.put("totalVersions", counts.get("versions"));
        return out;
    }

    /** Read-filtered, unlike the reference (which listed every resource to anyone). */
    @Operation(summary = "The @catalog.* namespace: readable resources")
    @GetMapping("/symbia-namespace")
    Map<String, Object> namespace() {
        Map<String, Object> params = new LinkedHashMap<>();
        String read = Access.readFilter(ResourceController.principal(), params);
        List<Map<String, Object>> resources = store.list(null, read, params, null, 5000).stream().limit(5000).map(r -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("type", r.type());
            entry.put("key", r.key());
            entry.put("name", r.name());
            entry.put("description", r.description());
            entry.put("status", r.status());
            entry.put("tags", r.tags());
            entry.put("metadata", r.metadata());
            return entry;
        }).toList();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("namespace", "catalog");
        out.put("version", version);
        out.put("resources", resources);
        return out;
    }
}
