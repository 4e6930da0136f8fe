package dev.symbia.logging.traces;

import static dev.symbia.logging.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

import dev.symbia.logging.Api;
import dev.symbia.logging.Api.Principal;
import dev.symbia.logging.LoggingIntegrationTest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class TracesApiTests extends LoggingIntegrationTest {

    private final Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(10, ChronoUnit.MINUTES);

    @Test
    void spansSentInAnyOrderBuildOneTraceAcrossServices() {
        Principal alice = Principal.user(newOrg());
        String traceId = hex(32);
        // The children arrive first, the root last, in separate batches (as exporters do).
        ingestSpans(alice, List.of(
                span(traceId, "b", "a", "POST /api/send", "messaging", "server", "ok", 100, 700),
                span(traceId, "c", "b", "chat.completions", "integrations", "client", "error", 200, 650)));
        ingestSpans(alice, List.of(span(traceId, "a", null, "POST /api/messaging/send", "gateway", "server", "ok", 0, 800)));

        JsonNode list = api.get("/api/traces", alice).json();
        assertThat(list.path("data").size()).isEqualTo(1);
        JsonNode summary = list.path("data").get(0);
        assertThat(summary.path("traceId").asString()).isEqualTo(traceId);
        assertThat(summary.path("name").asString()).isEqualTo("POST /api/messaging/send");
        assertThat(summary.path("serviceName").asString()).isEqualTo("gateway");
        assertThat(summary.path("rootSpanId").asString()).isEqualTo(spanId("a"));
        assertThat(summary.path("durationMs").asDouble()).isEqualTo(800.0);
        assertThat(summary.path("status").asString()).isEqualTo("error");
        assertThat(summary.path("spanCount").asInt()).isEqualTo(3);
        assertThat(summary.path("errorCount").asInt()).isEqualTo(1);
        assertThat(Api.texts(summary.path("services"), "x")).hasSize(3);
        assertThat(summary.path("services").toString()).contains("gateway", "integrations", "messaging");

        JsonNode trace = api.get("/api/traces/" + traceId, alice).json();
        assertThat(trace.path("spanCount").asInt()).isEqualTo(3);
        assertThat(trace.path("durationMs").asDouble()).isEqualTo(800.0);
        JsonNode root = trace.path("spans").get(0);
        assertThat(trace.path("spans").size()).isEqualTo(1);
        assertThat(root.path("serviceName").asString()).isEqualTo("gateway");
        JsonNode child = root.path("children").get(0);
        assertThat(child.path("serviceName").asString()).isEqualTo("messaging");
        assertThat(child.path("durationMs").asDouble()).isEqualTo(600.0);
        JsonNode grandchild = child.path("children").get(0);
        assertThat(grandchild.path("serviceName").asString()).isEqualTo("integrations");
        assertThat(grandchild.path("status").asString()).isEqualTo("error");
        assertThat(grandchild.path("children").size()).isZero();

        JsonNode flat = api.get("/api/traces/" + traceId + "/spans", alice).json();
        assertThat(Api.texts(flat, "spanId")).containsExactly(spanId("a"), spanId("b"), spanId("c"));
    }

    @Test
    void aReExportedSpanIsStoredAndCountedOnce() {
        Principal alice = Principal.user(newOrg());
        String traceId = hex(32);
        List<Object> batch = List.of(span(traceId, "a", null, "job", "worker", "internal", "ok", 0, 50));
        ingestSpans(alice, batch);
        Api.Response again = api.post("/api/traces/ingest", alice, obj("spans", batch));
        assertThat(again.json().path("stored").asInt()).isZero();
        assertThat(api.get("/api/traces", alice).json().path("data").get(0).path("spanCount").asInt()).isEqualTo(1);
    }

    @Test
    void tracesAreFilteredByServiceStatusDurationAndPaginated() {
        Principal alice = Principal.user(newOrg());
        String fast = hex(32);
        String slow = hex(32);
        String failed = hex(32);
        ingestSpans(alice, List.of(
                span(fast, "a", null, "GET /fast", "web", "server", "ok", 0, 10),
                span(slow, "a", null, "GET /slow", "web", "server", "ok", 1000, 6000),
                span(failed, "a", null, "GET /fail", "api", "server", "unset", 2000, 2100),
                span(failed, "b", "a", "db", "db", "client", "error", 2010, 2090)));
        assertThat(traceIds(api.get("/api/traces?serviceName=web", alice))).containsExactly(slow, fast);
        assertThat(traceIds(api.get("/api/traces?serviceName=db", alice))).containsExactly(failed);
        assertThat(traceIds(api.get("/api/traces?status=error", alice))).containsExactly(failed);
        assertThat(traceIds(api.get("/api/traces?status=ok", alice))).containsExactly(slow, fast);
        assertThat(traceIds(api.post("/api/traces/query", alice, obj("minDurationMs", 1000)))).containsExactly(slow);
        assertThat(traceIds(api.post("/api/traces/query", alice, obj("maxDurationMs", 50)))).containsExactly(fast);
        assertThat(traceIds(api.get("/api/traces?startTime=" + t0.plusMillis(500) + "&endTime=" + t0.plusMillis(1500), alice)))
                .containsExactly(slow);

        JsonNode first = api.get("/api/traces?limit=2", alice).json();
        assertThat(first.path("data").size()).isEqualTo(2);
        JsonNode second = api.post("/api/traces/query", alice, obj("limit", 2, "cursor", first.path("nextCursor").asString())).json();
        assertThat(second.path("data").size()).isEqualTo(1);
        assertThat(second.path("nextCursor").isNull()).isTrue();
        assertThat(second.path("data").get(0).path("traceId").asString()).isEqualTo(fast);
    }

    @Test
    void concurrentBatchesOfOneTraceAddUp() throws Exception {
        Principal alice = Principal.user(newOrg());
        String traceId = hex(32);
        ingestSpans(alice, List.of(span(traceId, "0", null, "root", "gateway", "server", "ok", 0, 10_000)));
        // Two batches at a time (the test ingest limit), each the spans of another service.
        for (int round = 0; round < 3; round++) {
            int r = round;
            var first = java.util.concurrent.CompletableFuture.runAsync(() -> ingestSpans(alice, batch(traceId, "a" + r, 40)));
            var second = java.util.concurrent.CompletableFuture.runAsync(() -> ingestSpans(alice, batch(traceId, "b" + r, 40)));
            first.get();
            second.get();
        }
        JsonNode summary = api.get("/api/traces", alice).json().path("data").get(0);
        assertThat(summary.path("spanCount").asInt()).isEqualTo(1 + 6 * 40);
        assertThat(summary.path("errorCount").asInt()).isEqualTo(6 * 4);
        assertThat(summary.path("services").size()).isEqualTo(7);
        assertThat(summary.path("name").asString()).isEqualTo("root");
        assertThat(api.get("/api/traces/" + traceId, alice).json().path("spanCount").asInt()).isEqualTo(241);
    }

    private List<Object> batch(String traceId, String service, int n) {
        List<Object> spans = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            String id = String.format("%s%014d", service, i);
            spans.add(obj("traceId", traceId, "spanId", id, "parentSpanId", spanId("0"), "name", "work " + i,
                    "serviceName", service, "status", i % 10 == 0 ? "error" : "ok",
                    "startTime", t0.plusMillis(1 + i).toString(), "endTime", t0.plusMillis(2 + i).toString()));
        }
        return spans;
    }

    @Test
    void anotherOrgSeesNothingOfTheTrace() {
        Principal alice = Principal.user(newOrg());
        Principal bob = Principal.user(newOrg());
        String traceId = hex(32);
        ingestSpans(alice, List.of(span(traceId, "a", null, "private", "web", "server", "ok", 0, 5)));
        assertThat(api.get("/api/traces/" + traceId, bob).status()).isEqualTo(404);
        assertThat(api.get("/api/traces/" + traceId + "/spans", bob).status()).isEqualTo(404);
        assertThat(traceIds(api.get("/api/traces", bob))).doesNotContain(traceId);
        assertThat(traceIds(api.post("/api/traces/query", bob, obj("traceIds", List.of(traceId))))).isEmpty();
        // The same trace id in bob's org is bob's own trace, and does not merge with alice's.
        ingestSpans(bob, List.of(span(traceId, "z", null, "bob's", "web", "server", "ok", 0, 5)));
        assertThat(api.get("/api/traces/" + traceId, bob).json().path("spanCount").asInt()).isEqualTo(1);
        assertThat(api.get("/api/traces/" + traceId, alice).json().path("name").asString()).isEqualTo("private");
    }

    @Test
    void badInputIsAProblem() {
        Principal alice = Principal.user(newOrg());
        String traceId = hex(32);
        Map<String, Object> good = span(traceId, "a", null, "ok", "web", "server", "ok", 0, 5);
        List<Api.Response> responses = List.of(
                api.post("/api/traces/ingest", alice, obj("spans", List.of())),
                api.post("/api/traces/ingest", alice, obj("spans", List.of(with(good, "traceId", null)))),
                api.post("/api/traces/ingest", alice, obj("spans", List.of(with(good, "spanId", "no spaces allowed")))),
                api.post("/api/traces/ingest", alice, obj("spans", List.of(with(good, "kind", "sideways")))),
                api.post("/api/traces/ingest", alice, obj("spans", List.of(with(good, "status", "meh")))),
                api.post("/api/traces/ingest", alice, obj("spans", List.of(with(good, "startTime", null)))),
                api.post("/api/traces/ingest", alice, obj("spans", List.of(with(good, "endTime", t0.minusSeconds(60).toString())))),
                api.post("/api/traces/ingest", alice, obj("spans", List.of(with(good, "name", "")))),
                api.post("/api/traces/query", alice, obj("status", "sideways")),
                api.post("/api/traces/query", alice, obj("minDurationMs", -1)),
                api.post("/api/traces/query", alice, obj("cursor", "!!")),
                api.get("/api/traces/" + hex(32), alice),
                api.get("/api/traces?limit=0", alice),
                api.get("/api/traces?startTime=yesterday", alice),
                api.get("/api/traces/bad%20id", alice));
        for (Api.Response response : responses) {
            assertThat(response.status()).as(response.body()).isBetween(400, 499);
            assertThat(response.isProblem()).as(response.body()).isTrue();
        }
    }

    private void ingestSpans(Principal owner, List<Object> spans) {
        Api.Response response = api.post("/api/traces/ingest", owner, obj("spans", spans));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
    }

    private Map<String, Object> span(String traceId, String id, String parent, String name, String service, String kind,
            String status, long startMs, long endMs) {
        return obj("traceId", traceId, "spanId", spanId(id), "parentSpanId", parent == null ? null : spanId(parent),
                "name", name, "serviceName", service, "kind", kind, "status", status,
                "startTime", t0.plusMillis(startMs).toString(), "endTime", t0.plusMillis(endMs).toString(),
                "attributes", obj("http.route", name), "events", List.of(obj("name", "checkpoint", "timestamp", t0.toString())));
    }

    private static Map<String, Object> with(Map<String, Object> span, String key, Object value) {
        Map<String, Object> copy = new java.util.LinkedHashMap<>(span);
        copy.put(key, value);
        return copy;
    }

    private static String spanId(String letter) {
        return letter.repeat(16);
    }

    private static String hex(int length) {
        return UUID.randomUUID().toString().replace("-", "").substring(0, Math.min(32, length));
    }

    private static List<String> traceIds(Api.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return Api.texts(response.json().path("data"), "traceId");
    }
}
