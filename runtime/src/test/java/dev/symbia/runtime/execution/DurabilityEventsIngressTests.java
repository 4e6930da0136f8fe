package dev.symbia.runtime.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.symbia.runtime.RuntimeTestSupport;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Restart keeps executions and operator state; SSE live events; the ingress gate; timers. */
class DurabilityEventsIngressTests extends RuntimeTestSupport {

    @Autowired
    ExecutionService executions;

    @Autowired
    JdbcClient jdbc;

    @Test
    void anExecutionSurvivesARestartWithItsStateAndMetrics() {
        String token = member(unique("org"));
        String graphId = load(graph(unique("join"), List.of(node("entry", "symbia.state.join", map("select", map("l", "L", "r", "R")))),
                List.of()), token);
        String execution = start(graphId, token);
        assertThat(inject(execution, "entry", "in", map("key", "L", "value", 1), token).expect(200).body()
                .path("outputs").has("entry:pending")).isTrue();
        post("/api/executions/" + execution + "/pause", null, token).expect(200);

        executions.restartInPlace(); // memory gone (graphs, executions, state cache); PostgreSQL kept

        JsonNode detail = get("/api/executions/" + execution, token).expect(200).body();
        assertThat(detail.path("state").asString()).isEqualTo("paused");
        assertThat(detail.path("metrics").path("messagesProcessed").asInt()).isEqualTo(1);
        assertThat(get("/api/graphs/" + graphId, token).expect(200).body().path("topology").path("sorted").toString()).contains("entry");
        post("/api/executions/" + execution + "/resume", null, token).expect(200);
        // the join completes from restored state: the reference's "11 hops vs 3" restart measurement
        JsonNode joined = inject(execution, "entry", "in", map("key", "R", "value", 2), token).expect(200).body();
        assertThat(joined.path("outputs").path("entry:out").path("value").toString()).isEqualTo("{\"l\":1,\"r\":2}");
    }

    @Test
    void anExecutionOnAReplacedCatalogVersionKeepsItAcrossARestartAndQueuedInjectsSurviveToo() {
        String token = member(unique("org"));
        String name = unique("pinned");
        String old = load(graph(name, List.of(node("entry", "symbia.compute.arithmetic", map("expression", "{a} + 1"))),
                List.of()), token);
        String execution = start(old, token);
        post("/api/executions/" + execution + "/pause", null, token).expect(200);
        inject(execution, "entry", "in", map("a", 1), token).expect(202);
        // as CatalogSync records it when a newer catalog version replaced the graph
        String newer = load(graph(name, List.of(node("entry", "symbia.compute.arithmetic", map("expression", "{a} + 100"))),
                List.of()), token);
        jdbc.sql("UPDATE graphs SET catalog_version = 1, replaced_by = ? WHERE id = ?").params(newer, old).update();

        executions.restartInPlace(); // memory gone; the replaced row, the execution and its queue are in PostgreSQL

        assertThat(get("/api/graphs/" + old, token).expect(200).body().path("replacedBy").asString()).isEqualTo(newer);
        assertThat(get("/api/graphs", token).expect(200).body().path("graphs").toString()).doesNotContain(old).contains(newer);
        post("/api/graphs/" + old + "/execute", null, token).problem(409);
        post("/api/executions/" + execution + "/resume", null, token).expect(200);
        assertThat(jdbc.sql("SELECT count(*) FROM execution_queue WHERE execution_id = ?").param(execution).query(Long.class).single())
                .isZero();
        assertThat(get("/api/executions/" + execution, token).expect(200).body().path("metrics").path("messagesProcessed").asInt())
                .isEqualTo(1);
        assertThat(inject(execution, "entry", "in", map("a", 1), token).expect(200).body()
                .path("outputs").path("entry:out").path("value").path("result").asInt()).isEqualTo(2);
        post("/api/executions/" + execution + "/stop", null, token).expect(200);
    }

    @Test
    void eventsStreamLiveOverSse() throws Exception {
        String org = unique("org");
        String token = member(org);
        String execution = start(load(graph(unique("ev"), List.of(node("a", "symbia.io.passthrough", null),
                node("b", "symbia.io.collect", null)), List.of(edge("a", "out", "b", "in"))), token), token);
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/executions/" + execution + "/events"))
                .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream").GET().build();
        HttpResponse<InputStream> stream = HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(stream.statusCode()).isEqualTo(200);
        List<String> lines = new CopyOnWriteArrayList<>();
        Thread reader = Thread.ofVirtual().start(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    lines.add(line);
                }
            } catch (Exception ignored) {
                // the stream ends when the execution stops
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> lines.contains("event:execution:state"));
        inject(execution, "a", "in", map("x", 1), token).expect(200);
        post("/api/executions/" + execution + "/pause", null, token).expect(200);
        post("/api/executions/" + execution + "/stop", null, token).expect(200);
        reader.join(Duration.ofSeconds(10));
        String all = String.join("\n", lines);
        assertThat(all).contains("event:port:emit", "\"sourceNode\":\"a\"", "\"targetNode\":\"b\"", "\"sequence\":1",
                "event:metrics:update", "event:execution:paused", "event:execution:completed", "\"state\":\"cancelled\"");
        assertThat(all.indexOf("event:port:emit")).isLessThan(all.indexOf("event:execution:completed"));
        get("/api/executions/" + execution + "/events", null).problem(401);
    }

    @Test
    void ingressGateBatchesAndRefusals() {
        String org = unique("org");
        String token = member(org);
        String name = unique("ingest");
        Map<String, Object> definition = graph(name, List.of(node("entry", "symbia.state.window", map("size", 10))), List.of());
        String graphId = load(definition, token);
        post("/api/ingress/" + name, map("value", 1), token).problem(409); // loaded, nothing running
        start(graphId, token);
        JsonNode batch = post("/api/ingress/" + name, List.of(map("value", 1), map("value", 2), map("value", 3)), token).expect(200).body();
        assertThat(batch.path("delivered").asInt()).isEqualTo(3);
        assertThat(batch.path("hops").asInt()).isEqualTo(3);
        assertThat(batch.path("outputs").path("entry:out").path("value").path("sum").asInt()).isEqualTo(6);
        post("/api/ingress/" + unique("nothing"), 1, token).problem(404);
        post("/api/ingress/" + name, 1, member(unique("other"))).problem(404);
        post("/api/ingress/" + name, 1, null).problem(401);
        assertThat(post("/api/ingress/" + name, 1, IDENTITY.superAdmin(unique("root")).token()).expect(200).body()
                .path("delivered").asInt()).isEqualTo(1);

        // a declared capability the caller lacks: 403 naming the ingress
        String guarded = unique("guarded");
        Map<String, Object> withCapability = graph(guarded, List.of(node("in", "symbia.io.passthrough", null)), List.of());
        withCapability.put("metadata", map("ingress", map("node", "in", "port", "in", "capability", "cap:runtime.manage")));
        start(load(withCapability, token), token);
        JsonNode refused = post("/api/ingress/" + guarded, 1, token).problem(403).body();
        assertThat(refused.path("detail").asString()).contains("Delivery to ingress \"" + guarded + "\" refused");
        assertThat(refused.path("ingress").path("requiresCapability").asString()).isEqualTo("cap:runtime.manage");
        String admin = IDENTITY.user(unique("admin")).member(org, "admin").token();
        assertThat(post("/api/ingress/" + guarded, 5, admin).expect(200).body().path("outputs").path("in:out").path("value").asInt())
                .isEqualTo(5);
    }

    @Test
    void timersTickWhileRunningAndStopWithTheExecution() {
        String token = member(unique("org"));
        String execution = start(load(graph(unique("tick"), List.of(node("clock", "symbia.source.timer",
                map("intervalMs", 100, "payload", map("site", "a"))), node("acc", "symbia.state.window", map("field", "tick"))),
                List.of(edge("clock", "out", "acc", "in"))), token), token);
        await().atMost(Duration.ofSeconds(10)).until(() -> get("/api/executions/" + execution, token).body()
                .path("metrics").path("messagesProcessed").asInt() >= 6);
        post("/api/executions/" + execution + "/stop", null, token).expect(200);
        int after = get("/api/executions/" + execution, token).body().path("metrics").path("messagesProcessed").asInt();
        assertThat(after % 2).as("each tick is one flow of two nodes").isZero();
        assertThat(executions.live(execution)).isEmpty();
    }
}
