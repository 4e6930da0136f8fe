package dev.symbia.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.symbia.test.auth.TestIdentity;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** One context (one database) for the runtime's REST tests, with real tokens from the shared TestIdentity. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "symbia.runtime.manifest-enforcement=off", "symbia.runtime.max-backpressure-queue=3",
        "symbia.runtime.state-flush=100ms", "symbia.runtime.register-manifests=false"})
public abstract class RuntimeTestSupport {

    protected static final TestIdentity IDENTITY = TestIdentity.shared();
    protected static final JsonMapper JSON = JsonMapper.builder().build();
    protected static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    protected int port;

    protected static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    protected static String member(String org) {
        return IDENTITY.user(unique("member")).member(org, "member").token();
    }

    protected static String viewer(String org) {
        return IDENTITY.user(unique("viewer")).member(org, "viewer").token();
    }

    protected record Reply(int status, JsonNode body, HttpResponse<String> raw) {
        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        public Reply expect(int expected) {
            assertThat(status).as("status of %s: %s", raw.uri(), raw.body()).isEqualTo(expected);
            return this;
        }

        public Reply problem(int expected) {
            expect(expected);
            assertThat(raw.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            assertThat(raw.body()).doesNotContain("Exception").doesNotContain("\tat ");
            return this;
        }
    }

    protected Reply call(String method, String path, Object body, String token, String contentType) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(30));
        String text = body == null ? null : body instanceof String s ? s : JSON.writeValueAsString(body);
        request.method(method, text == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(text));
        if (text != null) {
            request.header("Content-Type", contentType);
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = response.body().isEmpty() ? null : JSON.readTree(response.body());
            return new Reply(response.statusCode(), json, response);
        } catch (Exception e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        }
    }

    protected Reply get(String path, String token) {
        return call("GET", path, null, token, null);
    }

    protected Reply post(String path, Object body, String token) {
        return call("POST", path, body, token, "application/json");
    }

    protected static Map<String, Object> map(Object... pairs) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            out.put((String) pairs[i], pairs[i + 1]);
        }
        return out;
    }

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
