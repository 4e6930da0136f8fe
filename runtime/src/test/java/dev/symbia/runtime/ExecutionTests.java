package dev.symbia.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Executions over HTTP: flow semantics, lanes, lifecycle with the paused queue, durability, access. */
class ExecutionTests extends RuntimeTestSupport {

    @Autowired
    JdbcClient jdbc;

    private static Map<String, Object> pipeline(String name) {
        // map → filter(pass) → window → arithmetic → collect; filter's fail port is unconnected (an output)
        return graph(name, List.of(
                node("entry", "symbia.transform.map", map("mapping", map("value", "reading", "key", "sensor"))),
                node("keep", "symbia.logic.filter", map("field", "value", "op", "gt", "value", 0)),
                node("win", "symbia.state.window", map("size", 3)),
                node("calc", "symbia.compute.arithmetic", map("expression", "{sum} * 2 + {count}")),
                node("out", "symbia.io.collect", null)), List.of(
                edge("entry", "out", "keep", "in"), edge("keep", "pass", "win", "in"), edge("win", "out", "calc", "in"),
                edge("calc", "out", "out", "in")));
    }

    @Test
    void injectRunsTheFlowSynchronouslyWithOutputsTraceAndHops() {
        String token = member(unique("org"));
        String execution = start(load(pipeline(unique("p")), token), token);
        JsonNode first = inject(execution, "entry", "in", map("reading", 5, "sensor", "s1"), token).expect(200).body();
        assertThat(first.path("hops").asInt()).isEqualTo(5);
        assertThat(first.path("outputs").path("out:out").path("value").path("result").asInt()).isEqualTo(11);
        assertThat(first.path("outputs").path("out:out").path("lane").asString()).isEqualTo("canonical");
        assertThat(first.path("trace")).hasSize(5);
        assertThat(first.path("trace").get(0).path("node").asString()).isEqualTo("entry");
        // filter fails: only its unconnected fail port fires, the rest of the graph is skipped
        JsonNode failed = inject(execution, "entry", "in", map("reading", -1), token).expect(200).body();
        assertThat(failed.path("hops").asInt()).isEqualTo(2);
        assertThat(failed.path("outputs").has("keep:fail")).isTrue();
        // non-object into map: the error port (unconnected) is an apocryphal output
        JsonNode error = inject(execution, "entry", "in", 42, token).expect(200).body();
        assertThat(error.path("outputs").path("entry:error").path("lane").asString()).isEqualTo("apocryphal");
        assertThat(error.path("outputs").path("entry:error").path("value").path("error").asString()).isEqualTo("map expects an object");
        JsonNode second = inject(execution, "entry", "in", map("reading", 7), token).expect(200).body();
        assertThat(second.path("outputs").path("out:out").path("value").path("result").asInt()).isEqualTo(26); // (5+7)*2+2

        JsonNode detail = get("/api/executions/" + execution, token).expect(200).body();
        assertThat(detail.path("metrics").path("messagesProcessed").asInt()).isEqualTo(5 + 2 + 1 + 5);
        assertThat(detail.path("metrics").path("errorCount").asInt()).isEqualTo(1);
        assertThat(detail.path("instances")).hasSize(5);
        get("/api/executions/" + execution + "/metrics", token).expect(200);
        assertThat(get("/api/executions", token).expect(200).body().path("executions").toString()).contains(execution);
    }

    @Test
    void badInjectsAndWrongPrincipals() {
        String org = unique("org");
        String token = member(org);
        String execution = start(load(pipeline(unique("p")), token), token);
        post("/api/executions/" + execution + "/inject", map("port", "in"), token).problem(400);
        post("/api/executions/" + execution + "/inject", map("nodeId", "entry", "port", "in", "extra", 1), token).problem(400);
        inject(execution, "ghost", "in", 1, token).problem(400);
        inject(execution, "entry", "in", 1, null).problem(401);
        inject(execution, "entry", "in", 1, viewer(org)).problem(403);
        String stranger = member(unique("other"));
        inject(execution, "entry", "in", 1, stranger).problem(404);
        get("/api/executions/" + execution, stranger).problem(404);
        get("/api/executions/" + execution + "/events", stranger).problem(404);
        post("/api/executions/" + execution + "/pause", null, stranger).problem(404);
        post("/api/executions/" + execution + "/stop", null, viewer(org)).problem(403);
        assertThat(get("/api/executions", stranger).expect(200).body().path("executions").toString()).doesNotContain(execution);
        post("/api/graphs/nope/execute", null, token).problem(404);
        post("/api/executions/" + execution + "/resume", null, token).problem(409);
        post("/api/executions/" + execution + "/stop", null, token).expect(200);
        inject(execution, "entry", "in", 1, token).problem(409);
        assertThat(get("/api/executions/" + execution, token).expect(200).body().path("state").asString()).isEqualTo("cancelled");
    }

    @Test
    void pauseQueuesUpToTheLimitThen429AndResumeDrainsInOrder() {
        String token = member(unique("org"));
        String execution = start(load(graph(unique("acc"), List.of(node("entry", "symbia.state.accumulator", map("batchSize", 4))),
                List.of()), token), token);
        inject(execution, "entry", "in", 0, token).expect(200);
        post("/api/executions/" + execution + "/pause", null, token).expect(200);
        for (int i = 1; i <= 3; i++) {
            assertThat(inject(execution, "entry", "in", i, token).expect(202).body().path("position").asInt()).isEqualTo(i);
        }
        Reply full = inject(execution, "entry", "in", 99, token).problem(429);
        assertThat(full.header("Retry-After")).isEqualTo("1");
        assertThat(get("/api/executions/" + execution, token).body().path("metrics").path("backpressureEvents").asInt()).isEqualTo(1);
        post("/api/executions/" + execution + "/resume", null, token).expect(200);
        // the drained injects ran first and in order: the batch is 0,1,2,3 and the next inject starts a new one
        JsonNode next = inject(execution, "entry", "in", 4, token).expect(200).body();
        assertThat(next.path("outputs").isEmpty()).isTrue();
        List<String> transitions = new ArrayList<>();
        jdbc.sql("SELECT coalesce(from_state,'') || '>' || to_state FROM execution_transitions WHERE execution_id = ? ORDER BY id")
                .param(execution).query(String.class).list().forEach(transitions::add);
        assertThat(transitions).containsExactly(">running", "running>paused", "paused>running");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(jdbc.sql(
                "SELECT value::text FROM operator_state WHERE node_id = 'entry' AND state_key = 'buffer' AND graph_key LIKE 'acc-%' "
                        + "AND value::text = '[4]'").query(String.class).list()).isNotEmpty());
    }

    @Test
    void concurrentInjectsAreOrderedPerExecution() throws Exception {
        String token = member(unique("org"));
        String execution = start(load(graph(unique("win"), List.of(node("entry", "symbia.state.window", map("size", 1000))),
                List.of()), token), token);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<JsonNode>> replies = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            replies.add(pool.submit(() -> {
                go.await();
                return inject(execution, "entry", "in", map("value", 1), token).expect(200).body();
            }));
        }
        go.countDown();
        List<Integer> counts = new ArrayList<>();
        for (Future<JsonNode> reply : replies) {
            counts.add(reply.get().path("outputs").path("entry:out").path("value").path("count").asInt());
        }
        pool.shutdown();
        // every flow saw a distinct window: none interleaved with another
        assertThat(counts).doesNotHaveDuplicates().hasSize(40);
        assertThat(counts.stream().mapToInt(Integer::intValue).max().orElseThrow()).isEqualTo(40);
    }
}
