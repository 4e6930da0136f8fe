package dev.symbia.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.symbia.relay.Boundary;
import dev.symbia.relay.Envelope;
import dev.symbia.relay.EnvelopeCodec;
import dev.symbia.relay.EnvelopeSigner;
import dev.symbia.relay.NodeRegistration;
import dev.symbia.relay.RelayClient;
import dev.symbia.relay.RelaySettings;
import dev.symbia.test.auth.TestIdentity;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Shared setup of the network's integration tests: one application context (and database) for all
 * of them ({@link NetworkTestContext}), helpers for
 * principals (real tokens from the shared {@link TestIdentity}, which the context verifies against),
 * HTTP and relays. Tests use unique node ids so they never see each other's state.
 */
@NetworkTestContext
public abstract class NetworkTestSupport {

    public static final String SECRET = "network-tests-secret-0123456789abcdefgh";
    protected static final HttpClient HTTP = HttpClient.newHttpClient();
    protected static final String ALL_CAPS = String.join(",", "cap:network.topology.read", "cap:network.events.read",
            "cap:network.events.write", "cap:network.traces.read", "cap:network.policies.read", "cap:network.policies.write",
            "cap:network.contracts.write", "cap:network.nodes.admin");

    @LocalServerPort
    protected int port;

    protected final EnvelopeCodec codec = new EnvelopeCodec();
    protected final EnvelopeSigner signer = new EnvelopeSigner(SECRET.getBytes(StandardCharsets.UTF_8), codec);
    private final List<RelayClient> relays = new ArrayList<>();

    @AfterEach
    void closeRelays() {
        relays.forEach(RelayClient::close);
        relays.clear();
    }

    // ---- principals: tokens as identity issues them ----

    protected static final TestIdentity IDENTITY = TestIdentity.shared();

    protected static Map<String, String> bearer(String token) {
        return Map.of("Authorization", "Bearer " + token);
    }

    protected static Map<String, String> admin() {
        return bearer(IDENTITY.superAdmin("admin").token());
    }

    /** A user holding exactly {@code capabilities} (granted explicitly: no org role grants network capabilities). */
    protected static Map<String, String> user(String id, String... capabilities) {
        return bearer(IDENTITY.user(id).platformCaps(capabilities).token());
    }

    /** One of the platform services, by its service token (which carries no capabilities). */
    protected static Map<String, String> service(String id) {
        return bearer(IDENTITY.service(id).token());
    }

    /** An agent known by its public id, holding only what its org admin granted it. */
    protected static Map<String, String> agent(String agentId, String... capabilities) {
        return bearer(IDENTITY.agent("row-" + agentId, agentId, "org-" + agentId).caps(capabilities).token());
    }

    protected static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    // ---- HTTP ----

    protected HttpResponse<String> call(String method, String path, String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        headers.forEach(request::header);
        try {
            HttpResponse<InputStream> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            String type = response.headers().firstValue("Content-Type").orElse("");
            String text;
            try (InputStream in = response.body()) {
                // A stream never ends: the headers tell enough, the body is not read.
                text = type.startsWith("text/event-stream") ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            return new StubResponse(response, text);
        } catch (Exception e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        }
    }

    protected HttpResponse<String> get(String path, Map<String, String> headers) {
        return call("GET", path, null, headers);
    }

    protected HttpResponse<String> post(String path, String body, Map<String, String> headers) {
        return call("POST", path, body, headers);
    }

    protected JsonNode json(HttpResponse<String> response) {
        return codec.mapper().readTree(response.body());
    }

    protected String toJson(Object value) {
        return codec.mapper().writeValueAsString(value);
    }

    protected JsonNode expect(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return response.body().isEmpty() ? null : json(response);
    }

    protected static void assertProblem(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.body()).contains("\"status\":" + status).doesNotContain("Exception").doesNotContain(SECRET);
    }

    // ---- setup through the API ----

    protected JsonNode registerNode(String id, String type, String endpoint) {
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("id", id);
        node.put("name", id);
        node.put("type", type);
        node.put("capabilities", List.of());
        if (endpoint != null) {
            node.put("endpoint", endpoint);
        }
        return expect(post("/api/registry/nodes", toJson(node), admin()), 201);
    }

    protected JsonNode createContract(String from, String to, List<String> types, List<String> boundaries) {
        return expect(post("/api/registry/contracts", toJson(Map.of("from", from, "to", to, "allowedEventTypes", types,
                "boundaries", boundaries)), admin()), 201);
    }

    protected JsonNode createPolicy(Map<String, Object> policy) {
        return expect(post("/api/policies", toJson(policy), admin()), 201);
    }

    protected void deletePolicy(JsonNode policy) {
        expect(call("DELETE", "/api/policies/" + policy.get("id").stringValue(), null, admin()), 204);
    }

    /** Publishes over REST as the admin who registered the source node; returns the 202 body. */
    protected JsonNode publishAsAdmin(String source, String type, Object data, String target, String runId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("payload", Map.of("type", type, "data", data));
        body.put("source", source);
        body.put("runId", runId);
        if (target != null) {
            body.put("target", target);
        }
        return expect(post("/api/events", toJson(body), admin()), 202);
    }

    protected Envelope envelope(String source, String type, String target, Object data) {
        return new Envelope(UUID.randomUUID().toString(), type, source, target, "run-" + UUID.randomUUID(), null,
                Boundary.INTRA, EnvelopeCodec.timestamp(Instant.now()), codec.toData(data), null);
    }

    // ---- relays ----

    /** A relay for service {@code nodeId}, started and awaited until registered. */
    protected RelayClient relay(String nodeId) {
        RelayClient relay = relay(nodeId, port, null);
        relay.start();
        await().atMost(Duration.ofSeconds(30)).until(relay::isConnected);
        return relay;
    }

    protected RelayClient relay(String nodeId, int networkPort, String endpoint) {
        RelaySettings settings = new RelaySettings(URI.create("http://localhost:" + networkPort), Duration.ofSeconds(30),
                Duration.ofMillis(100), Duration.ofMillis(500), 1000, Duration.ofMinutes(5), Duration.ofSeconds(10),
                Duration.ofSeconds(2));
        RelayClient relay = new RelayClient(settings, () -> new NodeRegistration(nodeId, nodeId, "service", List.of("test"),
                endpoint, Map.of()), nodeId, signer, codec, () -> service(nodeId),
                new SimpleMeterRegistry(), Clock.systemUTC());
        relays.add(relay);
        return relay;
    }

    /** An HttpResponse whose body was read up front (or skipped for streams). */
    private record StubResponse(HttpResponse<InputStream> raw, String body) implements HttpResponse<String> {
        @Override
        public int statusCode() {
            return raw.statusCode();
        }

        @Override
        public HttpRequest request() {
            return raw.request();
        }

        @Override
        public java.util.Optional<HttpResponse<String>> previousResponse() {
            return java.util.Optional.empty();
        }

        @Override
        public java.net.http.HttpHeaders headers() {
            return raw.headers();
        }

        @Override
        public java.util.Optional<javax.net.ssl.SSLSession> sslSession() {
            return raw.sslSession();
        }

        @Override
        public URI uri() {
            return raw.uri();
        }

        @Override
        public HttpClient.Version version() {
            return raw.version();
        }
    }
}
