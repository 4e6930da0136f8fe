package dev.symbia.catalog.bootstrap;

import dev.symbia.catalog.resource.Resource;
import dev.symbia.catalog.resource.ResourceStore;
import io.swagger.v3.oas.annotations.Operation;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The public bootstrap read (§1.1): published bootstrap resources whose read policy includes {@code public}. */
@RestController
class BootstrapController {

    private final ResourceStore store;

    BootstrapController(ResourceStore store) {
        this.store = store;
    }

    @Operation(summary = "Published public bootstrap resources (bare array)")
    @GetMapping("/api/bootstrap")
    List<Resource> bootstrap() {
        return store.publicBootstrap();
    }

    @Operation(summary = "Counts of the bootstrap resources by kind; contexts by category")
    @GetMapping("/api/bootstrap/summary")
    Map<String, Object> summary() {
        List<Resource> all = store.publicBootstrap();
        Map<String, Integer> categories = new TreeMap<>();
        all.stream().filter(r -> r.type().equals("context")).forEach(r -> {
            String kind = r.metadata() == null ? null : r.metadata().path("kind").asString(null);
            if (kind == null) {
                String[] parts = r.key().split("/");
                kind = parts.length > 1 ? parts[1] : parts[0];
            }
            categories.merge(kind, 1, Integer::sum);
        });
        List<Map<String, Object>> list = categories.entrySet().stream()
                .sorted(Comparator.<Map.Entry<String, Integer>>comparingInt(Map.Entry::getValue).reversed()
                        .thenComparing(e -> label(e.getKey())))
                .map(e -> Map.<String, Object>of("id", e.getKey(), "label", label(e.getKey()), "count", e.getValue()))
                .toList();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("generatedAt", Instant.now().toString());
        out.put("contexts", Map.of("total", count(all, "context"), "categories", list));
        out.put("graphs", Map.of("total", count(all, "graph")));
        out.put("integrations", Map.of("total", count(all, "integration")));
        out.put("assistants", Map.of("total", count(all, "assistant")));
        out.put("components", Map.of("total", count(all, "component")));
        return out;
    }

    private static long count(List<Resource> all, String type) {
        return all.stream().filter(r -> r.type().equals(type)).count();
    }

    private static String label(String id) {
        String spaced = id.replace('-', ' ').replace('_', ' ');
        return spaced.isEmpty() ? spaced : Character.toUpperCase(spaced.charAt(0)) + spaced.substring(1);
    }
}
