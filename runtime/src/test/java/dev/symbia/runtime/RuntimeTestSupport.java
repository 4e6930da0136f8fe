package dev.symbia.runtime;

import dev.symbia.test.service.ApiTestSupport;
import java.util.List;
import java.util.Map;
import org.springframework.boot.test.context.SpringBootTest;

/** One context (one database) for the runtime's REST tests, with real tokens from the shared TestIdentity. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "symbia.runtime.manifest-enforcement=off", "symbia.runtime.max-backpressure-queue=3",
        "symbia.runtime.state-flush=100ms", "symbia.runtime.register-manifests=false"})
public abstract class RuntimeTestSupport extends ApiTestSupport {

    protected static Map<String, Object> node(String id, String component, Object config) {
        return config == null ? map("id", id, "component", component) : map("id", id, "component", component, "config", config);
    }

    protected static Map<String, Object> edge(String from, String fromPort, String to, String toPort) {
        return map("id", from + "-" + to, "source", map("node", from, "port", fromPort), "target", map("node", to, "port", toPort));
    }

    protected static Map<String, Object> graph(String name, List<?> nodes, List<?> edges) {
        return map("symbia", "1.0", "name", name, "nodes", nodes, "edges", edges);
    }

    protected String load(Object graph, String token) {
        return post("/api/graphs", graph, token).expect(201).body().path("id").asString();
    }

    protected String start(String graphId, String token) {
        return post("/api/graphs/" + graphId + "/execute", null, token).expect(201).body().path("executionId").asString();
    }

    protected Reply inject(String execution, String node, String port, Object value, String token) {
        return post("/api/executions/" + execution + "/inject", map("nodeId", node, "port", port, "value", value), token);
    }
}
