package dev.symbia.runtime.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.symbia.runtime.RuntimeApplication;
import dev.symbia.test.auth.TestIdentity;
import dev.symbia.test.postgres.TestDatabase;
import dev.symbia.test.postgres.TestPostgres;
import dev.symbia.test.replica.Replicas;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two runtime replicas (two application contexts, two ports) on one real PostgreSQL: each execution runs on exactly
 * one of them, requests that reach the other are forwarded, and a replica that dies is taken over once its lease
 * expires, timers and event streams included.
 */
class TwoReplicaTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final TestIdentity IDENTITY = TestIdentity.shared();
    private static final Duration LEASE = Duration.ofSeconds(5); // generous: the shared build machine stalls JVMs for seconds

    private TestDatabase database;
    private ConfigurableApplicationContext a;
    private ConfigurableApplicationContext b;
    private String token;

    @BeforeEach
    void twoReplicas() {
        database = TestPostgres.freshDatabase();
        a = replica();
        b = replica();
        token = IDENTITY.user("member-" + UUID.randomUUID()).member("org-" + UUID.randomUUID(), "member").token();
    }

    @AfterEach
    void stop() {
        for (ConfigurableApplicationContext context : List.of(a, b)) {
            if (context != null && context.isActive()) {
                context.close();
            }
        }
    }

    private ConfigurableApplicationContext replica() {
        return Replicas.start(RuntimeApplication.class, database, "runtime",
                "--symbia.runtime.manifest-enforcement=off",
                "--symbia.runtime.register-manifests=false",
                "--symbia.runtime.state-flush=100ms",
                "--symbia.runtime.lease-ttl=" + LEASE.toMillis() + "ms");
    }

    @Test
    void anExecutionRunsOnOneReplicaAndTheOtherForwardsItsRequests() {
        String graphId = call(a, "POST", "/api/graphs", graph("fwd", List.of(
                node("entry", "symbia.io.passthrough", null),
                node("out", "symbia.io.collect", null)), List.of(edge("entry", "out", "out", "in"))), 201).path("id").asString();
        String execution = call(a, "POST", "/api/graphs/" + graphId + "/execute", null, 201).path("executionId").asString();

        // the graph a loaded is visible through b, the execution runs only on a
        assertThat(call(b, "GET", "/api/graphs", null, 200).toString()).contains(graphId);
        assertThat(service(a).live(execution)).isPresent();
        assertThat(service(b).live(execution)).isEmpty();

        JsonNode injected = call(b, "POST", "/api/executions/" + execution + "/inject",
                Map.of("nodeId", "entry", "port", "in", "value", Map.of("n", 1)), 200);
        assertThat(injected.path("hops").asInt()).isEqualTo(2);
        assertThat(injected.path("outputs").has("out:out")).isTrue();
        assertThat(service(a).live(execution).orElseThrow().metrics.messagesProcessed).isEqualTo(2);

        assertThat(call(b, "POST", "/api/executions/" + execution + "/pause", null, 200).path("state").asString()).isEqualTo("paused");
        assertThat(call(b, "POST", "/api/executions/" + execution + "/inject",
                Map.of("nodeId", "entry", "port", "in", "value", 2), 202).path("queued").asBoolean()).isTrue();
        call(b, "POST", "/api/executions/" + execution + "/resume", null, 200);
        assertThat(service(a).live(execution).orElseThrow().metrics.messagesProcessed).isEqualTo(4);
        assertThat(service(b).live(execution)).isEmpty();

        // a wrong principal is refused by the owner, through the forwarding replica
        String stranger = IDENTITY.user("s-" + UUID.randomUUID()).member("other-" + UUID.randomUUID(), "member").token();
        assertThat(send(b, "POST", "/api/executions/" + execution + "/inject",
                Map.of("nodeId", "entry", "port", "in", "value", 3), stranger).statusCode()).isEqualTo(404);
        assertThat(send(b, "POST", "/api/executions/" + execution + "/stop", null, null).statusCode()).isEqualTo(401);

        call(b, "POST", "/api/executions/" + execution + "/stop", null, 200);
        assertThat(jdbc().sql("SELECT state FROM graph_executions WHERE id = ?").param(execution).query(String.class).single())
                .isEqualTo("cancelled");
        assertThat(service(a).live(execution)).isEmpty();
    }

    @Test
    void aTimerTicksOnOneReplicaOnlyAndMovesWhenThatReplicaDies() {
        String graphId = call(a, "POST", "/api/graphs", graph("tick", List.of(
                node("clock", "symbia.source.timer", Map.of("intervalMs", 100)),
                node("sink", "symbia.io.collect", null)), List.of(edge("clock", "out", "sink", "in"))), 201).path("id").asString();
        String execution = call(a, "POST", "/api/graphs/" + graphId + "/execute", null, 201).path("executionId").asString();

        // For several lease periods: exactly one replica holds it, and it is a.
        long until = System.nanoTime() + LEASE.multipliedBy(2).toNanos();
        while (System.nanoTime() < until) {
            assertThat(service(a).live(execution)).isPresent();
            assertThat(service(b).live(execution)).isEmpty();
            java.util.concurrent.locks.LockSupport.parkNanos(20_000_000); // sampling, not ordering
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> ticks(a, execution) >= 5);

        long ticksOnA = ticks(a, execution);
        service(a).crash(); // dies without a word: no flush, no release
        a.close();

        // b may not take it before the lease expires; meanwhile an inject through b is 503 + Retry-After, never a double
        HttpResponse<String> during = send(b, "POST", "/api/executions/" + execution + "/inject",
                Map.of("nodeId", "sink", "port", "in", "value", 1), token);
        assertThat(during.statusCode()).as(during.body()).isIn(200, 503);
        if (during.statusCode() == 503) {
            assertThat(during.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(during.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        }
        await().atMost(LEASE.multipliedBy(4)).until(() -> service(b).live(execution).isPresent());
        await().atMost(Duration.ofSeconds(5)).until(() -> ticks(b, execution) >= 3);
        assertThat(ticksOnA).isGreaterThanOrEqualTo(5);
        // b took it over with a higher fence
        assertThat(jdbc().sql("SELECT fence FROM graph_executions WHERE id = ?").param(execution).query(Long.class).single()).isEqualTo(2L);
        assertThat(call(b, "POST", "/api/executions/" + execution + "/inject",
                Map.of("nodeId", "sink", "port", "in", "value", 1), 200).path("hops").asInt()).isEqualTo(1);
    }

    @Test
    void aReplicaThatLostItsLeaseWritesNothingAndGivesTheExecutionUp() {
        String graphId = call(a, "POST", "/api/graphs", graph("fence", List.of(node("entry", "symbia.io.collect", null)),
                List.of()), 201).path("id").asString();
        String execution = call(a, "POST", "/api/graphs/" + graphId + "/execute", null, 201).path("executionId").asString();
        // the lease lapses as if a were partitioned away, and b claims it (fence 2)
        jdbc().sql("UPDATE graph_executions SET lease_until = now() - interval '1 second' WHERE id = ?").param(execution).update();
        service(b).maintainLeases();
        assertThat(service(b).live(execution)).isPresent();

        // a still believes it holds it until it hears otherwise: its write is refused by the fence, and it lets go
        HttpResponse<String> paused = send(a, "POST", "/api/executions/" + execution + "/pause", null, token);
        assertThat(paused.statusCode()).as(paused.body()).isIn(200, 503);
        await().atMost(LEASE.multipliedBy(2)).until(() -> service(a).live(execution).isEmpty());
        await().atMost(Duration.ofSeconds(5)).until(() ->
                send(a, "POST", "/api/executions/" + execution + "/pause", null, token).statusCode() != 503);
        assertThat(jdbc().sql("SELECT state FROM graph_executions WHERE id = ?").param(execution).query(String.class).single()).isEqualTo("paused");
        assertThat(jdbc().sql("SELECT count(*) FROM execution_transitions WHERE execution_id = ? AND to_state = 'paused'")
                .param(execution).query(Long.class).single()).isEqualTo(1L);
        assertThat(service(b).live(execution).orElseThrow().state).isEqualTo(ExecutionState.PAUSED);
    }

    @Test
    void queuedInjectsOfAPausedExecutionSurviveTheirOwnersDeathAndTheNewOwnerDrainsThemInOrder() {
        String graphId = call(a, "POST", "/api/graphs", graph("queue", List.of(
                node("entry", "symbia.io.passthrough", null),
                node("batch", "symbia.state.accumulator", Map.of("batchSize", 3))), List.of(edge("entry", "out", "batch", "in"))),
                201).path("id").asString();
        String execution = call(a, "POST", "/api/graphs/" + graphId + "/execute", null, 201).path("executionId").asString();
        call(a, "POST", "/api/executions/" + execution + "/pause", null, 200);
        for (int n = 1; n <= 2; n++) {
            assertThat(call(b, "POST", "/api/executions/" + execution + "/inject",
                    Map.of("nodeId", "entry", "port", "in", "value", n), 202).path("position").asInt()).isEqualTo(n);
        }
        assertThat(queued(execution)).isEqualTo(2L);

        service(a).crash(); // dies without a word: its memory (and the in-memory queue) is gone
        a.close();
        jdbc().sql("UPDATE graph_executions SET lease_until = now() - interval '1 second' WHERE id = ?").param(execution).update();
        service(b).maintainLeases();
        assertThat(service(b).live(execution).orElseThrow().queue).hasSize(2);

        // resumed on b: 1 and 2 run first, in order, then the next inject completes the batch
        call(b, "POST", "/api/executions/" + execution + "/resume", null, 200);
        assertThat(queued(execution)).isZero();
        JsonNode injected = call(b, "POST", "/api/executions/" + execution + "/inject",
                Map.of("nodeId", "entry", "port", "in", "value", 3), 200);
        assertThat(injected.path("outputs").path("batch:out").path("value").toString()).isEqualTo("[1,2,3]");
        assertThat(jdbc().sql("SELECT fence FROM graph_executions WHERE id = ?").param(execution).query(Long.class).single()).isEqualTo(2L);

        // a stopped execution leaves no queue behind
        call(b, "POST", "/api/executions/" + execution + "/pause", null, 200);
        call(b, "POST", "/api/executions/" + execution + "/inject", Map.of("nodeId", "entry", "port", "in", "value", 4), 202);
        call(b, "POST", "/api/executions/" + execution + "/stop", null, 200);
        assertThat(queued(execution)).isZero();
    }

    @Test
    void aReplicaThatLostAnExecutionCannotOverwriteItsOperatorState() {
        String graphId = call(a, "POST", "/api/graphs", graph("state", List.of(node("entry", "symbia.state.latest", null)),
                List.of()), 201).path("id").asString();
        String execution = call(a, "POST", "/api/graphs/" + graphId + "/execute", null, 201).path("executionId").asString();
        call(a, "POST", "/api/executions/" + execution + "/inject", Map.of("nodeId", "entry", "port", "in",
                "value", Map.of("key", "k", "v", 1)), 200);
        await().atMost(Duration.ofSeconds(5)).until(() -> stateOf(execution).contains("\"v\": 1"));
        Execution onA = service(a).live(execution).orElseThrow();

        // the lease lapses as if a were partitioned away, and b claims it (fence 2)
        jdbc().sql("UPDATE graph_executions SET lease_until = now() - interval '1 second' WHERE id = ?").param(execution).update();
        service(b).maintainLeases();
        assertThat(service(b).live(execution)).isPresent();

        // a late write by a, carrying its old fence, is refused at flush; b's write lands
        StateStore stateOnA = a.getBean(StateStore.class);
        long refusedBefore = stateOnA.refusedWrites();
        stateOnA.view(onA, "entry").put("k", JSON.readTree("{\"key\":\"k\",\"v\":2}"));
        assertThat(stateOnA.flush()).isZero();
        assertThat(stateOnA.refusedWrites()).isEqualTo(refusedBefore + 1);
        assertThat(stateOf(execution)).contains("\"v\": 1");
        call(b, "POST", "/api/executions/" + execution + "/inject", Map.of("nodeId", "entry", "port", "in",
                "value", Map.of("key", "k", "v", 3)), 200);
        await().atMost(Duration.ofSeconds(5)).until(() -> stateOf(execution).contains("\"v\": 3"));
        stateOnA.view(onA, "entry").put("k", JSON.readTree("{\"key\":\"k\",\"v\":4}"));
        stateOnA.flush();
        assertThat(stateOf(execution)).contains("\"v\": 3");
    }

    private long queued(String execution) {
        return jdbc().sql("SELECT count(*) FROM execution_queue WHERE execution_id = ?").param(execution).query(Long.class).single();
    }

    private String stateOf(String execution) {
        return jdbc().sql("SELECT coalesce(string_agg(s.value::text, ','), '') FROM operator_state s JOIN graph_executions g "
                + "ON g.org_id = s.org_id AND g.graph_key = s.graph_key WHERE g.id = ? AND s.node_id = 'entry'")
                .param(execution).query(String.class).single();
    }

    @Test
    void eventsFollowTheExecutionToItsNewOwnerOverSseAndWebSocketUntilItFails() throws Exception {
        String graphId = call(a, "POST", "/api/graphs", graph("ev", List.of(node("entry", "symbia.io.passthrough", null),
                node("out", "symbia.io.collect", null)), List.of(edge("entry", "out", "out", "in"))), 201).path("id").asString();
        String execution = call(a, "POST", "/api/graphs/" + graphId + "/execute", null, 201).path("executionId").asString();

        List<String> frames = new CopyOnWriteArrayList<>();
        WebSocket socket = HTTP.newWebSocketBuilder().header("Authorization", "Bearer " + token)
                .buildAsync(URI.create("ws://localhost:" + port(b) + "/api/ws"), new WebSocket.Listener() {
                    private final StringBuilder partial = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        partial.append(data);
                        if (last) {
                            frames.add(partial.toString());
                            partial.setLength(0);
                        }
                        webSocket.request(1);
                        return null;
                    }
                }).get();
        socket.sendText(JSON.writeValueAsString(Map.of("event", "execution:subscribe", "data", Map.of("executionId", execution))), true).get();
        await().atMost(Duration.ofSeconds(10)).until(() -> frames.stream().anyMatch(f -> f.contains("\"execution:state\"")));

        // b relays a's events
        call(a, "POST", "/api/executions/" + execution + "/inject", Map.of("nodeId", "entry", "port", "in", "value", 7), 200);
        await().atMost(Duration.ofSeconds(10)).until(() -> frames.stream().anyMatch(f -> f.contains("\"port:emit\"")));

        // a dies; its graph is removed meanwhile: b cannot resume the execution, which fails, and the socket says so
        service(a).crash();
        a.close();
        jdbc().sql("DELETE FROM graphs WHERE id = ?").param(graphId).update();
        await().atMost(LEASE.multipliedBy(6)).until(() -> frames.stream().anyMatch(f -> f.contains("\"execution:failed\"")));
        String failed = frames.stream().filter(f -> f.contains("\"execution:failed\"")).findFirst().orElseThrow();
        assertThat(JSON.readTree(failed).path("data").path("error").path("message").asString()).contains("is gone");
        assertThat(jdbc().sql("SELECT state FROM graph_executions WHERE id = ?").param(execution).query(String.class).single()).isEqualTo("failed");

        // bad frames and other orgs' executions are answered with error frames, never a broken socket
        frames.clear();
        socket.sendText("not json", true).get();
        socket.sendText(JSON.writeValueAsString(Map.of("event", "execution:subscribe", "data", "nope", "ack", 7)), true).get();
        await().atMost(Duration.ofSeconds(5)).until(() -> frames.size() >= 2);
        assertThat(frames.get(0)).contains("\"error\"").contains("malformed");
        assertThat(JSON.readTree(frames.get(1)).path("ack").asInt()).isEqualTo(7);
        assertThat(JSON.readTree(frames.get(1)).path("data").path("success").asBoolean()).isFalse();
        assertThat(JSON.readTree(frames.get(1)).path("data").path("error").asString()).contains("not found");
        socket.abort();

        // an upgrade without a principal is a 401 before any socket exists
        assertThat(HTTP.newWebSocketBuilder().buildAsync(URI.create("ws://localhost:" + port(b) + "/api/ws"), new WebSocket.Listener() {
        }).handle((ws, e) -> e.getCause() instanceof java.net.http.WebSocketHandshakeException refused
                ? refused.getResponse().statusCode() : -1).get()).isEqualTo(401);
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private static ExecutionService service(ConfigurableApplicationContext context) {
        return context.getBean(ExecutionService.class);
    }

    private JdbcClient jdbc() {
        return b.getBean(JdbcClient.class);
    }

    private static long ticks(ConfigurableApplicationContext context, String execution) {
        return service(context).live(execution).map(e -> e.metrics.node("clock").invocations()).orElse(0L);
    }

    private static int port(ConfigurableApplicationContext context) {
        return Replicas.port(context);
    }

    private JsonNode call(ConfigurableApplicationContext context, String method, String path, Object body, int expected) {
        HttpResponse<String> response = send(context, method, path, body, token);
        assertThat(response.statusCode()).as("%s %s: %s", method, path, response.body()).isEqualTo(expected);
        return response.body().isEmpty() ? null : JSON.readTree(response.body());
    }

    private static HttpResponse<String> send(ConfigurableApplicationContext context, String method, String path, Object body, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port(context) + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(method + " " + path, e);
        }
    }

    private static Map<String, Object> node(String id, String component, Object config) {
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("id", id);
        node.put("component", component);
        if (config != null) {
            node.put("config", config);
        }
        return node;
    }

    private static Map<String, Object> edge(String from, String fromPort, String to, String toPort) {
        return Map.of("id", from + "-" + to, "source", Map.of("node", from, "port", fromPort), "target", Map.of("node", to, "port", toPort));
    }

    private static Map<String, Object> graph(String name, List<?> nodes, List<?> edges) {
        return Map.of("symbia", "1.0", "name", name + "-" + UUID.randomUUID().toString().substring(0, 6), "nodes", nodes, "edges", edges);
    }
}
