package dev.symbia.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.symbia.e2e.support.Account;
import dev.symbia.e2e.support.Gateway;
import dev.symbia.e2e.support.LiveSocket;
import dev.symbia.e2e.support.SecureDeployVendors;
import dev.symbia.e2e.support.SseClient;
import dev.symbia.e2e.support.StackExtension;
import dev.symbia.e2e.support.SymbiaStack;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The runtime's "done when", black-box through the gateway: a user publishes a graph in the catalog, the runtime
 * loads it pinned to that version, the user starts an execution, follows it over SSE and WebSocket, injects values
 * and sees outputs and {@code port:emit} events, pauses (injects queue) and resumes (they drain), and stops it
 * ({@code execution:completed}). Another org's user sees nothing; an anonymous caller is refused.
 */
@ExtendWith(StackExtension.class)
class RuntimeIT {

    private static final String JSON_TYPE = "application/json";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration WAIT = Duration.ofSeconds(20);

    private static String graph(String name) {
        return JSON.writeValueAsString(Map.of("symbia", "1.0", "name", name,
                "nodes", java.util.List.of(Map.of("id", "entry", "component", "symbia.io.passthrough"),
                        Map.of("id", "out", "component", "symbia.io.collect")),
                "edges", java.util.List.of(Map.of("id", "e1", "source", Map.of("node", "entry", "port", "out"),
                        "target", Map.of("node", "out", "port", "in")))));
    }

    @Test
    void loadFromTheCatalogRunInjectPauseResumeAndWatchLive(SymbiaStack stack, Gateway gateway) throws Exception {
        Account owner = Account.register(gateway, "runtime-owner");
        Account stranger = Account.register(gateway, "runtime-stranger");
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String key = "graphs/e2e-" + suffix;

        // publish the graph in the catalog, then have the runtime load it by key (pinned to version 1)
        Gateway.Response created = gateway.post("/api/catalog/resources", JSON_TYPE, "{\"key\":\"" + key
                + "\",\"name\":\"E2E graph\",\"type\":\"graph\",\"metadata\":{\"definition\":" + graph("e2e-" + suffix) + "}}",
                "Authorization", owner.bearer());
        assertThat(created.status()).as("%s", created).isEqualTo(201);
        Gateway.Response published = gateway.post("/api/catalog/resources/" + created.json().path("id").asString() + "/publish",
                JSON_TYPE, "{}", "Authorization", owner.bearer());
        assertThat(published.status()).as("%s", published).isEqualTo(201);
        Gateway.Response loaded = gateway.post("/api/runtime/graphs/catalog", JSON_TYPE, "{\"key\":\"" + key + "\"}",
                "Authorization", owner.bearer());
        assertThat(loaded.status()).as("%s", loaded).isEqualTo(201);
        assertThat(loaded.json().path("catalogVersion").asInt()).isEqualTo(1);
        String graphId = loaded.json().path("id").asString();
        // another org's user cannot load it (the catalog applies their read access) nor see the loaded graph
        assertThat(gateway.post("/api/runtime/graphs/catalog", JSON_TYPE, "{\"key\":\"" + key + "\"}",
                "Authorization", stranger.bearer()).status()).isEqualTo(404);
        assertThat(gateway.get("/api/runtime/graphs/" + graphId, "Authorization", stranger.bearer()).status()).isEqualTo(404);

        Gateway.Response started = gateway.post("/api/runtime/graphs/" + graphId + "/execute", JSON_TYPE, "{}",
                "Authorization", owner.bearer());
        assertThat(started.status()).as("%s", started).isEqualTo(201);
        String execution = started.json().path("executionId").asString();

        try (SseClient sse = SseClient.get(stack.gatewayUrl() + "/api/runtime/executions/" + execution + "/events",
                "Authorization", owner.bearer(), "Accept", "text/event-stream");
             LiveSocket socket = LiveSocket.connect(stack.gatewayUrl() + "/api/runtime/ws", "Authorization", owner.bearer())) {
            assertThat(sse.status()).isEqualTo(200);
            assertThat(awaitSse(sse, "execution:state", d -> d.path("state").asString().equals("running"))).isNotNull();
            JsonNode subscribed = socket.request("execution:subscribe", Map.of("executionId", execution));
            assertThat(subscribed.path("data").path("success").asBoolean()).as("%s", subscribed).isTrue();
            // the initial state is sent before the ack, so the ack's wait has already passed it
            assertThat(socket.frames()).anyMatch(f -> "execution:state".equals(f.path("event").asString(""))
                    && execution.equals(f.path("data").path("executionId").asString()));

            Gateway.Response injected = inject(gateway, owner, execution, "{\"n\":41}");
            assertThat(injected.status()).as("%s", injected).isEqualTo(200);
            assertThat(injected.json().path("outputs").path("out:out").path("value").path("n").asInt()).isEqualTo(41);
            assertThat(injected.json().path("hops").asInt()).isEqualTo(2);
            assertThat(awaitSse(sse, "port:emit", d -> d.path("targetNode").asString().equals("out"))
                    .path("value").path("n").asInt()).isEqualTo(41);
            assertThat(socket.awaitEvent("port:emit", d -> d.path("value").path("n").asInt() == 41)).isNotNull();

            // paused: injects queue (202) and drain in order on resume
            assertThat(gateway.post("/api/runtime/executions/" + execution + "/pause", JSON_TYPE, "{}", "Authorization",
                    owner.bearer()).status()).isEqualTo(200);
            awaitSse(sse, "execution:paused", d -> true);
            Gateway.Response queued = inject(gateway, owner, execution, "{\"n\":1}");
            assertThat(queued.status()).as("%s", queued).isEqualTo(202);
            assertThat(inject(gateway, owner, execution, "{\"n\":2}").json().path("position").asInt()).isEqualTo(2);
            assertThat(gateway.post("/api/runtime/executions/" + execution + "/resume", JSON_TYPE, "{}", "Authorization",
                    owner.bearer()).status()).isEqualTo(200);
            awaitSse(sse, "execution:resumed", d -> true);
            assertThat(awaitSse(sse, "port:emit", d -> true).path("value").path("n").asInt()).isEqualTo(1);
            assertThat(awaitSse(sse, "port:emit", d -> true).path("value").path("n").asInt()).isEqualTo(2);

            // another org's user and anonymous callers
            assertThat(inject(gateway, stranger, execution, "{\"n\":3}").status()).isEqualTo(404);
            assertThat(gateway.get("/api/runtime/executions/" + execution, "Authorization", stranger.bearer()).status()).isEqualTo(404);
            Gateway.Response anonymous = gateway.post("/api/runtime/executions/" + execution + "/inject", JSON_TYPE,
                    "{\"nodeId\":\"entry\",\"port\":\"in\",\"value\":1}");
            assertThat(anonymous.status()).isEqualTo(401);
            assertThat(anonymous.isProblem()).isTrue();
            Gateway.Response bad = gateway.post("/api/runtime/executions/" + execution + "/inject", JSON_TYPE,
                    "{\"nodeId\":\"nowhere\",\"port\":\"in\"}", "Authorization", owner.bearer());
            assertThat(bad.status()).isEqualTo(400);
            assertThat(bad.isProblem()).isTrue();

            JsonNode metrics = gateway.get("/api/runtime/executions/" + execution, "Authorization", owner.bearer()).json();
            assertThat(metrics.path("metrics").path("messagesProcessed").asInt()).isEqualTo(6);

            assertThat(gateway.post("/api/runtime/executions/" + execution + "/stop", JSON_TYPE, "{}", "Authorization",
                    owner.bearer()).json().path("state").asString()).isEqualTo("cancelled");
            assertThat(awaitSse(sse, "execution:completed", d -> true).path("state").asString()).isEqualTo("cancelled");
            socket.awaitEvent("execution:completed", d -> execution.equals(d.path("executionId").asString()));
        }
    }

    /**
     * Hydration: a graph published in the catalog appears in the runtime by itself (no load call), loaded as its
     * owner in the owner's org and pinned to the published version; another org's user does not see it.
     */
    @Test
    void aGraphPublishedInTheCatalogIsLoadedByTheRuntimeWithoutALoadCall(SymbiaStack stack, Gateway gateway) {
        Account owner = Account.register(gateway, "runtime-hydrate");
        Account stranger = Account.register(gateway, "runtime-hydrate-stranger");
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String key = "graphs/e2e-hydrated-" + suffix;
        Gateway.Response created = gateway.post("/api/catalog/graphs", JSON_TYPE, "{\"key\":\"" + key
                + "\",\"name\":\"Hydrated graph\",\"orgId\":\"" + owner.orgId() + "\",\"metadata\":{\"definition\":"
                + graph("e2e-hydrated-" + suffix) + "}}", "Authorization", owner.bearer());
        assertThat(created.status()).as("%s", created).isEqualTo(201);
        Gateway.Response published = gateway.post("/api/catalog/resources/" + created.json().path("id").asString() + "/publish",
                JSON_TYPE, "{}", "Authorization", owner.bearer());
        assertThat(published.status()).as("%s", published).isEqualTo(201);

        // the catalog's event reaches the runtime over the network: it loads the graph by itself
        JsonNode loaded = await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() -> gateway.get(
                        "/api/runtime/graphs", "Authorization", owner.bearer()).json().path("graphs").valueStream()
                .filter(g -> key.equals(g.path("key").asString(""))).findFirst().orElse(null), java.util.Objects::nonNull);
        assertThat(loaded.path("catalogVersion").asInt()).isEqualTo(1);
        assertThat(gateway.get("/api/runtime/graphs", "Authorization", stranger.bearer()).json().path("graphs").valueStream()
                .noneMatch(g -> key.equals(g.path("key").asString("")))).isTrue();
        assertThat(gateway.get("/api/runtime/graphs/" + loaded.path("id").asString(), "Authorization", stranger.bearer())
                .status()).isEqualTo(404);
        // it runs as a loaded graph does
        Gateway.Response started = gateway.post("/api/runtime/graphs/" + loaded.path("id").asString() + "/execute", JSON_TYPE,
                "{}", "Authorization", owner.bearer());
        assertThat(started.status()).as("%s", started).isEqualTo(201);
        Gateway.Response injected = inject(gateway, owner, started.json().path("executionId").asString(), "{\"n\":7}");
        assertThat(injected.json().path("outputs").path("out:out").path("value").path("n").asInt()).as("%s", injected).isEqualTo(7);
    }

    /**
     * A graph's {@code symbia.integration.invoke} reaches a real connector: runtime asks identity for the graph
     * owner's own token and calls integrations' public connector endpoint with it, so integrations uses the owner's
     * vault credential and capabilities; the JFrog fake (shared by the stack: only requests since this test began
     * count) sees the owner's token. Another org's user cannot inject into it.
     */
    @Test
    void aGraphsIntegrationInvokeReachesTheConnectorWithTheOwnersCredential(SymbiaStack stack, Gateway gateway) {
        int since = stack.vendors().received().size();
        String jfrogToken = "e2e-runtime-jfrog-" + System.nanoTime();
        stack.vendors().respond(new SecureDeployVendors(jfrogToken, "e2e-runtime-railway-" + System.nanoTime()));
        Account owner = Account.register(gateway, "runtime-connector");
        owner.storeCredential(gateway, "jfrog", jfrogToken);
        String name = "scan-" + UUID.randomUUID().toString().substring(0, 8);
        String graph = JSON.writeValueAsString(Map.of("symbia", "1.0", "name", name,
                "nodes", java.util.List.of(Map.of("id", "entry", "component", "symbia.io.passthrough"),
                        Map.of("id", "scan", "component", "symbia.integration.invoke", "config", Map.of("connector", "jfrog",
                                "operation", "xray.summary", "params", Map.of("paths", java.util.List.of("{repo}/{path}")))),
                        Map.of("id", "out", "component", "symbia.io.collect")),
                "edges", java.util.List.of(
                        Map.of("id", "e1", "source", Map.of("node", "entry", "port", "out"), "target", Map.of("node", "scan", "port", "in")),
                        Map.of("id", "e2", "source", Map.of("node", "scan", "port", "out"), "target", Map.of("node", "out", "port", "in")))));
        Gateway.Response loaded = gateway.post("/api/runtime/graphs", JSON_TYPE, graph, "Authorization", owner.bearer());
        assertThat(loaded.status()).as("%s", loaded).isEqualTo(201);
        Gateway.Response started = gateway.post("/api/runtime/graphs/" + loaded.json().path("id").asString() + "/execute",
                JSON_TYPE, "{}", "Authorization", owner.bearer());
        assertThat(started.status()).as("%s", started).isEqualTo(201);
        String execution = started.json().path("executionId").asString();

        Gateway.Response injected = inject(gateway, owner, execution, "{\"repo\":\"libs-release-local\",\"path\":\"app/runtime-1.0.jar\"}");
        assertThat(injected.status()).as("%s", injected).isEqualTo(200);
        JsonNode outputs = injected.json().path("outputs");
        assertThat(outputs.has("scan:error")).as("%s", outputs).isFalse();
        assertThat(outputs.path("out:out").toString()).contains("CVE-2020-0001");
        List<RecordedRequest> all = stack.vendors().received();
        List<RecordedRequest> summaries = all.subList(since, all.size()).stream()
                .filter(r -> r.getUrl().encodedPath().equals("/xray/api/v2/summary/artifact")).toList();
        assertThat(summaries).hasSize(1);
        assertThat(summaries.getFirst().getHeaders().get("Authorization")).isEqualTo("Bearer " + jfrogToken);
        assertThat(JSON.readTree(SecureDeployVendors.body(summaries.getFirst())).path("paths").get(0).asString())
                .isEqualTo("default/libs-release-local/app/runtime-1.0.jar");

        Account stranger = Account.register(gateway, "runtime-connector-stranger");
        assertThat(inject(gateway, stranger, execution, "{}").status()).isEqualTo(404);
        assertThat(gateway.post("/api/runtime/executions/" + execution + "/stop", JSON_TYPE, "{}", "Authorization",
                owner.bearer()).status()).isEqualTo(200);
    }

    private static Gateway.Response inject(Gateway gateway, Account account, String execution, String value) {
        return gateway.post("/api/runtime/executions/" + execution + "/inject", JSON_TYPE,
                "{\"nodeId\":\"entry\",\"port\":\"in\",\"value\":" + value + "}", "Authorization", account.bearer());
    }

    private static JsonNode awaitSse(SseClient sse, String name, Predicate<JsonNode> data) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            SseClient.Event event = sse.nextEvent(Duration.ofMillis(500));
            if (event != null && name.equals(event.name())) {
                JsonNode parsed = JSON.readTree(event.data());
                if (data.test(parsed)) {
                    return parsed;
                }
            }
        }
        throw new AssertionError("no " + name + " event within " + WAIT);
    }
}
