package dev.symbia.runtime.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.symbia.runtime.component.ComponentRegistry;
import dev.symbia.runtime.config.RuntimeProperties;
import dev.symbia.runtime.config.RuntimeProperties.Enforcement;
import dev.symbia.web.problem.ProblemException;
import java.time.Duration;
import java.time.Instant;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Manifest enforcement against the catalog's component list: "never read" is not "no manifests". */
class ManifestEnforcementTests {

    private static final JsonNode GRAPH = JsonMapper.builder().build().readTree("""
            {"symbia":"1.0","name":"g","nodes":[{"id":"a","component":"symbia.io.passthrough"},
             {"id":"b","component":"symbia.io.collect"}],"edges":[{"id":"e","source":{"node":"a","port":"out"},
             "target":{"node":"b","port":"in"}}]}""");

    private static GraphLoader loader(Enforcement mode, String catalogUrl) {
        RuntimeProperties properties = new RuntimeProperties(100, 10, mode, Enforcement.STRICT, Duration.ofSeconds(2),
                Duration.ofSeconds(30), false, Duration.ofSeconds(30), catalogUrl, false, Duration.ofSeconds(15), "", "", "", Duration.ofMinutes(5), true, true, true);
        MockEnvironment environment = new MockEnvironment();
        return new GraphLoader(new ComponentRegistry(properties), new ManifestSource(properties, environment), properties);
    }

    private static String detail(Runnable load) {
        try {
            load.run();
        } catch (ProblemException e) {
            return e.getBody().getDetail() + " " + e.getBody().getProperties();
        }
        throw new AssertionError("expected a refusal");
    }

    @Test
    void strictRefusesWhenTheCatalogWasNeverReadAndWarnLoads() {
        String unreachable = "http://127.0.0.1:9"; // discard port: nothing listens
        assertThat(detail(() -> loader(Enforcement.STRICT, unreachable).load(GRAPH, "org", null, null, Instant.now())))
                .contains("Component manifests unavailable (catalog not reached)");
        assertThat(loader(Enforcement.WARN, unreachable).load(GRAPH, "org", null, null, Instant.now()).nodes()).hasSize(2);
        assertThat(loader(Enforcement.OFF, unreachable).load(GRAPH, "org", null, null, Instant.now()).nodes()).hasSize(2);
    }

    @Test
    void strictRefusesComponentsWithoutAManifestNamingNodeAndComponent() throws Exception {
        try (MockWebServer catalog = new MockWebServer()) {
            // the catalog's bare-array listing: one manifest under metadata.manifest.key, one by resource key only
            String listing = "[{\"key\":\"components/symbia.io.passthrough\",\"metadata\":{\"manifest\":{\"key\":\"symbia.io.passthrough\"}}},"
                    + "{\"key\":\"components/symbia.io.log\",\"metadata\":{}}]";
            catalog.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json").body(listing).build());
            catalog.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json").body("[]").build());
            catalog.start();
            String url = catalog.url("/").toString();
            GraphLoader strict = loader(Enforcement.STRICT, url);
            assertThat(detail(() -> strict.load(GRAPH, "org", null, null, Instant.now())))
                    .contains("b -> symbia.io.collect has no manifest").doesNotContain("a -> ");
            assertThat(catalog.takeRequest().getTarget()).isEqualTo("/api/resources?type=component&limit=1000");
            // an empty set (read, nothing manifested) is a different refusal from "never read"
            assertThat(detail(() -> loader(Enforcement.STRICT, url).load(GRAPH, "org", null, null, Instant.now())))
                    .contains("has no manifest").doesNotContain("catalog not reached");
        }
    }

    @Test
    void portsAndConfigAreCheckedAgainstTheCatalogsManifestsEachRefusalNamingNodePortOrField() throws Exception {
        try (MockWebServer catalog = new MockWebServer()) {
            // two pages (the catalog's X-Next-Cursor): window's manifest declares input "values" and requires size, and
            // does not know the runtime's "field"; passthrough's declares no config (undeclared: the runtime's applies)
            String first = "[{\"key\":\"components/symbia.io.passthrough\",\"metadata\":{\"manifest\":{\"key\":\"symbia.io.passthrough\","
                    + "\"inputs\":[{\"name\":\"in\"}],\"outputs\":[{\"name\":\"out\"}]}}}]";
            String second = "[{\"key\":\"components/symbia.state.window\",\"metadata\":{\"manifest\":{\"key\":\"symbia.state.window\","
                    + "\"inputs\":[{\"name\":\"values\"}],\"outputs\":[{\"name\":\"out\"}],\"config\":{\"size\":{\"type\":\"number\","
                    + "\"required\":true,\"description\":\"Values kept.\"}}}}}]";
            catalog.setDispatcher(new mockwebserver3.Dispatcher() {
                @Override
                public MockResponse dispatch(mockwebserver3.RecordedRequest request) {
                    boolean next = request.getTarget().endsWith("&cursor=page2");
                    MockResponse.Builder answer = new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
                            .body(next ? second : first);
                    return (next ? answer : answer.addHeader("X-Next-Cursor", "page2")).build();
                }
            });
            catalog.start();
            GraphLoader strict = loader(Enforcement.STRICT, catalog.url("/").toString());

            // a.out -> b.in: the manifest says window takes "values"; a port nobody declares is refused too
            assertThat(detail(() -> strict.load(window("out", "in", null, "{\"size\":3}"), "org", null, null, Instant.now())))
                    .contains("edges[0].target.port").contains("'in' is not an input of node 'b'")
                    .contains("[values] by its catalog manifest");
            assertThat(detail(() -> strict.load(window("nowhere", "values", null, "{\"size\":3}"), "org", null, null, Instant.now())))
                    .contains("edges[0].source.port").contains("'nowhere' is not an output of node 'a'");

            // config: required by the manifest, typed by the running component, unknown to the manifest
            assertThat(detail(() -> strict.load(window("out", "values", null, "{}"), "org", null, null, Instant.now())))
                    .contains("nodes[1].config.size").contains("catalog manifest of symbia.state.window");
            assertThat(detail(() -> strict.load(window("out", "values", null, "{\"size\":\"big\"}"), "org", null, null,
                    Instant.now()))).contains("nodes[1].config.size").doesNotContain("catalog manifest");
            assertThat(detail(() -> strict.load(window("out", "values", null, "{\"size\":3,\"field\":\"v\"}"), "org", null, null,
                    Instant.now()))).contains("nodes[1].config.field").contains("catalog manifest of symbia.state.window");
            // undeclared config in the manifest: the running component's declaration decides (passthrough takes none)
            assertThat(detail(() -> strict.load(window("out", "values", "{\"x\":1}", "{\"size\":3}"), "org", null, null,
                    Instant.now()))).contains("nodes[0].config.x").doesNotContain("catalog manifest");
            // the error port is every node's; a graph that keeps the contract loads
            assertThat(strict.load(window("error", "values", null, "{\"size\":3}"), "org", null, null, Instant.now()).nodes()).hasSize(2);
            LoadedGraph loaded = strict.load(window("out", "values", null, "{\"size\":3}"), "org", null, null, Instant.now());
            assertThat(loaded.edges().getFirst().target().port()).isEqualTo("values");

            // off: the running components' declarations only (window takes "in" and knows "field")
            GraphLoader off = loader(Enforcement.OFF, catalog.url("/").toString());
            assertThat(off.load(window("out", "in", null, "{\"field\":\"v\"}"), "org", null, null, Instant.now()).nodes()).hasSize(2);
            assertThat(detail(() -> off.load(window("out", "values", null, null), "org", null, null, Instant.now())))
                    .contains("'values' is not an input of node 'b'").doesNotContain("catalog manifest");
        }
    }

    private static JsonNode window(String sourcePort, String targetPort, String configA, String configB) {
        return JsonMapper.builder().build().readTree("{\"symbia\":\"1.0\",\"name\":\"g\",\"nodes\":["
                + "{\"id\":\"a\",\"component\":\"symbia.io.passthrough\"" + (configA == null ? "" : ",\"config\":" + configA) + "},"
                + "{\"id\":\"b\",\"component\":\"symbia.state.window\"" + (configB == null ? "" : ",\"config\":" + configB) + "}],"
                + "\"edges\":[{\"id\":\"e\",\"source\":{\"node\":\"a\",\"port\":\"" + sourcePort + "\"},"
                + "\"target\":{\"node\":\"b\",\"port\":\"" + targetPort + "\"}}]}");
    }

    @Test
    void topologyIsKahnInNodeOrderWithLongestPathLevels() {
        JsonNode chain = JsonMapper.builder().build().readTree("""
                {"symbia":"1.0","name":"g","nodes":[{"id":"z","component":"symbia.io.collect"},
                 {"id":"a","component":"symbia.io.passthrough"},{"id":"m","component":"symbia.io.passthrough"}],
                 "edges":[{"source":{"node":"a","port":"out"},"target":{"node":"m","port":"in"}},
                          {"source":{"node":"m","port":"out"},"target":{"node":"z","port":"in"}},
                          {"source":{"node":"a","port":"out"},"target":{"node":"z","port":"in"}}]}""");
        LoadedGraph graph = loader(Enforcement.OFF, "http://127.0.0.1:9").load(chain, "org", null, null, Instant.now());
        assertThat(graph.topology().sorted()).containsExactly("a", "m", "z");
        assertThat(graph.topology().levels()).containsEntry("a", 0).containsEntry("m", 1).containsEntry("z", 2);
        assertThat(graph.topology().outgoing("a", "out")).hasSize(2);
        assertThat(graph.key()).isEqualTo("g");
        assertThatThrownBy(() -> loader(Enforcement.OFF, "http://127.0.0.1:9").load(
                JsonMapper.builder().build().readTree("{\"symbia\":\"1\",\"name\":\"g\",\"nodes\":{},\"edges\":[]}"), "org", null, null,
                Instant.now())).isInstanceOf(ProblemException.class);
    }
}
