package dev.symbia.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * A catalog on its wire format (MockWebServer): manifests for strict enforcement and published graphs by key and
 * version. Also the concurrency limit, which counts live executions only.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "symbia.runtime.manifest-enforcement=strict", "symbia.runtime.max-concurrent-executions=2",
        "symbia.runtime.register-manifests=false"})
class CatalogAndLimitsTests extends RuntimeTestSupport {

    private static final MockWebServer CATALOG = new MockWebServer();
    private static final String MANIFESTS = "[{\"key\":\"components/symbia.io.passthrough\",\"metadata\":{\"manifest\":"
            + "{\"key\":\"symbia.io.passthrough\"}}},{\"key\":\"components/symbia.state.window\",\"metadata\":{\"manifest\":"
            + "{\"key\":\"symbia.state.window\"}}}]";
    private static final String VERSION_ROW = "{\"id\":\"v\",\"resourceId\":\"r\",\"key\":\"graphs/energy\",\"version\":3,"
            + "\"content\":{\"name\":\"Energy\",\"metadata\":{\"definition\":{\"symbia\":\"1.0\",\"name\":\"energy\",\"nodes\":"
            + "[{\"id\":\"entry\",\"component\":\"symbia.state.window\"}],\"edges\":[]}}}}";

    private static final String SERVICE_ROW = "{\"id\":\"v\",\"resourceId\":\"r\",\"key\":\"graphs/pump\",\"version\":1,"
            + "\"content\":{\"name\":\"Pump\",\"metadata\":{\"role\":\"service\",\"definition\":{\"symbia\":\"1.0\",\"name\":\"pump\","
            + "\"nodes\":[{\"id\":\"entry\",\"component\":\"symbia.io.passthrough\"}],\"edges\":[]}}}}";

    static {
        CATALOG.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                String target = request.getTarget();
                if (target.startsWith("/api/resources?type=component")) {
                    return json(200, MANIFESTS);
                }
                if (target.equals("/api/resolve/graphs/energy?version=%5E1.0.0") || target.equals("/api/resolve/graphs/energy")) {
                    String auth = request.getHeaders().get("Authorization");
                    return auth != null && auth.startsWith("Bearer ") ? json(200, VERSION_ROW) : json(401, "{}");
                }
                if (target.equals("/api/resolve/graphs/pump")) {
                    return json(200, SERVICE_ROW);
                }
                return json(404, "{\"status\":404}");
            }
        });
        try {
            CATALOG.start();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static MockResponse json(int code, String body) {
        return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build();
    }

    @DynamicPropertySource
    static void catalog(DynamicPropertyRegistry registry) {
        registry.add("symbia.runtime.catalog-url", () -> CATALOG.url("/").toString());
    }

    @AfterAll
    static void stop() {
        CATALOG.close();
    }

    @Test
    void strictEnforcementRefusesComponentsTheCatalogDoesNotManifest() {
        String token = member(unique("org"));
        load(graph("ok", List.of(node("a", "symbia.io.passthrough", null)), List.of()), token);
        JsonNode refused = post("/api/graphs", graph("nope", List.of(node("a", "symbia.io.collect", null)), List.of()), token)
                .problem(400).body();
        assertThat(refused.path("detail").asString()).contains("a -> symbia.io.collect");
    }

    @Test
    void publishedGraphsLoadByKeyPinnedToTheResolvedVersion() {
        String org = unique("org");
        String token = member(org);
        JsonNode loaded = post("/api/graphs/catalog", map("key", "graphs/energy", "version", "^1.0.0"), token).expect(201).body();
        assertThat(loaded.path("key").asString()).isEqualTo("graphs/energy");
        assertThat(loaded.path("catalogVersion").asInt()).isEqualTo(3);
        String execution = start(loaded.path("id").asString(), token);
        assertThat(inject(execution, "entry", "in", map("value", 4), token).expect(200).body()
                .path("outputs").path("entry:out").path("value").path("sum").asInt()).isEqualTo(4);
        post("/api/graphs/catalog", map("key", "graphs/missing"), token).problem(404);
        post("/api/graphs/catalog", map("version", "1"), token).problem(400);
        post("/api/graphs/catalog", map("key", "graphs/energy", "extra", true), token).problem(400);
        post("/api/graphs/catalog", map("key", "graphs/energy"), null).problem(401);
        post("/api/graphs/catalog", map("key", "graphs/energy"), viewer(org)).problem(403);
        post("/api/executions/" + execution + "/stop", null, token).expect(200);
    }

    @Test
    void pipelineAndServiceGraphsStartWhenTheyAreLoaded() {
        String token = member(unique("org"));
        String fromCatalog = post("/api/graphs/catalog", map("key", "graphs/pump"), token).expect(201).body().path("id").asString();
        Map<String, Object> pipeline = graph("pipe", List.of(node("entry", "symbia.io.passthrough", null)), List.of());
        pipeline.put("metadata", map("role", "pipeline"));
        String fromJson = load(pipeline, token);
        Map<String, Object> other = graph("batch", List.of(node("entry", "symbia.io.passthrough", null)), List.of());
        other.put("metadata", map("role", "batch"));
        String notStarted = load(other, token);

        JsonNode executions = get("/api/executions", token).expect(200).body().path("executions");
        assertThat(executions.valueStream().filter(e -> e.path("state").asString().equals("running"))
                .map(e -> e.path("graphId").asString()).toList()).containsExactlyInAnyOrder(fromCatalog, fromJson);
        assertThat(executions.toString()).doesNotContain(notStarted);
        executions.valueStream().forEach(e -> post("/api/executions/" + e.path("id").asString() + "/stop", null, token).expect(200));
    }

    @Test
    void theConcurrencyLimitCountsOnlyLiveExecutions() {
        String token = member(unique("org"));
        String graph = load(graph(unique("g"), List.of(node("a", "symbia.io.passthrough", null)), List.of()), token);
        for (int round = 0; round < 3; round++) {
            String first = start(graph, token);
            String second = start(graph, token);
            post("/api/graphs/" + graph + "/execute", null, token).problem(409);
            post("/api/executions/" + first + "/stop", null, token).expect(200);
            post("/api/executions/" + second + "/stop", null, token).expect(200);
        }
        // unloading a graph stops its executions
        String running = start(graph, token);
        delete("/api/graphs/" + graph, token).expect(204);
        assertThat(get("/api/executions/" + running, token).expect(200).body().path("state").asString()).isEqualTo("cancelled");
    }
}
