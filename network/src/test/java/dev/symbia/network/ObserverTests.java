package dev.symbia.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.symbia.relay.Publication;
import dev.symbia.relay.RelayClient;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/** What observers see: topology, summary, flows, graph, traces, the simulator, and live watch streams. */
class ObserverTests extends NetworkTestSupport {

    private JsonNode awaitTrace(String eventId) {
        await().atMost(Duration.ofSeconds(20)).until(() -> get("/api/events/" + eventId + "/trace", admin()).statusCode() == 200);
        return json(get("/api/sdn/trace/" + eventId, admin()));
    }

    @Test
    void theSeededPlatformContractsArePartOfTheTopology() {
        JsonNode topology = json(get("/api/sdn/topology", user("viewer", "cap:network.topology.read")));
        List<String> contracts = topology.get("contracts").valueStream()
                .map(c -> c.get("from").stringValue() + "->" + c.get("to").stringValue() + " " + c.get("allowedEventTypes"))
                .toList();
        assertThat(contracts).contains(
                "messaging->assistants [\"message.new\",\"message.*\"]",
                "assistants->messaging [\"message.response\",\"message.unanswered\"]",
                "identity->* [\"identity.*\"]",
                "integrations->* [\"integrations.call.completed\"]");
        assertThat(topology.has("timestamp")).isTrue();
    }

    @Test
    void summaryCountsWhatIsThere() {
        JsonNode before = json(get("/api/sdn/summary", admin()));
        String a = unique("sum-a");
        RelayClient sender = relay(a);
        registerNode(unique("sum-b"), "sandbox", null);
        sender.publish("summary.unrouted", Map.of());
        await().atMost(Duration.ofSeconds(20)).until(() ->
                json(get("/api/sdn/summary", admin())).get("routing").get("unrouted").longValue()
                        == before.get("routing").get("unrouted").longValue() + 1);
        JsonNode after = json(get("/api/sdn/summary", admin()));
        assertThat(after.get("nodes").get("total").longValue()).isEqualTo(before.get("nodes").get("total").longValue() + 2);
        assertThat(after.get("nodes").get("byType").get("sandbox").longValue())
                .isEqualTo(before.get("nodes").get("byType").get("sandbox").longValue() + 1);
        assertThat(after.get("nodes").get("connected").longValue()).isGreaterThanOrEqualTo(1);
        assertThat(after.get("routing").get("events").longValue()).isEqualTo(before.get("routing").get("events").longValue() + 1);
        assertThat(after.get("contracts").get("active").longValue()).isGreaterThanOrEqualTo(4);
    }

    @Test
    void flowAndTracesFollowARun() {
        String a = unique("flow-a");
        String b = unique("flow-b");
        String c = unique("flow-c");
        RelayClient first = relay(a);
        RelayClient second = relay(b);
        relay(c);
        String run = unique("run");
        String e1 = first.publish(Publication.of("step.one", Map.of()).to(b).inRun(run));
        awaitTrace(e1);
        String e2 = second.publish(Publication.of("step.two", Map.of()).to(c).inRun(run).causedBy(e1));
        JsonNode trace = awaitTrace(e2);
        assertThat(trace.get("path").get(0).get("nodeName").stringValue()).isEqualTo(c);
        assertThat(trace.get("path").get(0).get("nodeType").stringValue()).isEqualTo("service");

        JsonNode flow = json(get("/api/sdn/flow/" + run, admin()));
        assertThat(flow.get("eventCount").intValue()).isEqualTo(2);
        assertThat(flow.get("nodes").valueStream().map(n -> n.get("id").stringValue()).toList()).containsExactly(a, b, c);
        assertThat(flow.get("edges").valueStream().map(e -> e.get("from").stringValue() + ">" + e.get("to").stringValue()
                + ":" + e.get("eventType").stringValue()).toList()).containsExactly(a + ">" + b + ":step.one", b + ">" + c + ":step.two");

        assertThat(json(get("/api/sdn/traces/" + run, admin())).get("count").intValue()).isEqualTo(2);
        assertThat(json(get("/api/events/traces/" + run, admin())).get("traces").get(1).get("eventId").stringValue()).isEqualTo(e2);
        JsonNode events = json(get("/api/events?runId=" + run, admin()));
        assertThat(events.get("count").intValue()).isEqualTo(2);
        assertThat(events.get("events").get(0).get("event").get("causedBy").stringValue()).isEqualTo(e1);
        assertThat(events.get("events").get(0).get("trace").get("status").stringValue()).isEqualTo("delivered");
        assertThat(json(get("/api/events?runId=" + run + "&traces=false", admin())).get("events").get(0).get("type").stringValue())
                .isEqualTo("step.two");
    }

    @Test
    void theGraphExpandsContractsIntoAdjacency() {
        String a = unique("graph-a");
        String b = unique("graph-b");
        registerNode(a, "client", null);
        registerNode(b, "client", null);
        createContract(a, b, List.of("*"), List.of("intra"));
        createContract(b, "*", List.of("x.*"), List.of("intra"));
        JsonNode graph = json(get("/api/sdn/graph", admin()));
        assertThat(graph.get("adjacency").get(a).valueStream().map(JsonNode::stringValue).toList()).containsExactly(b);
        List<String> fromB = graph.get("adjacency").get(b).valueStream().map(JsonNode::stringValue).toList();
        assertThat(fromB).contains(a).doesNotContain(b);
        assertThat(graph.get("nodes").valueStream().filter(n -> n.get("id").stringValue().equals(a)).findFirst().orElseThrow()
                .get("connected").booleanValue()).isFalse();
    }

    /** The simulator runs the router's own planning: its answer and the real outcome agree, prefix patterns included. */
    @ParameterizedTest(name = "{0} ({1}) → simulated {2}")
    @CsvSource({
            "invoice.created, intra, true",
            "invoice.paid.late, intra, true",
            "invoice, intra, false",
            "invoices.created, intra, false",
            "invoice.created, extra, false"})
    void simulationAgreesWithRealRouting(String type, String boundary, boolean expected) {
        String a = unique("sim-a");
        String b = unique("sim-b");
        RelayClient sender = relay(a);
        relay(b);
        createContract(a, b, List.of("invoice.*"), List.of("intra", "inter"));

        JsonNode simulation = json(post("/api/sdn/simulate", toJson(Map.of("type", type, "source", a, "boundary", boundary)),
                user("sim", "cap:network.events.read")));
        assertThat(simulation.get("wouldSucceed").booleanValue()).isEqualTo(expected);
        assertThat(simulation.get("sourceNode").get("id").stringValue()).isEqualTo(a);
        if (expected) {
            assertThat(simulation.get("targets").get(0).get("id").stringValue()).isEqualTo(b);
        } else {
            assertThat(simulation.get("reasons").toString()).contains("no contract matches");
        }
        String id = sender.publish(Publication.of(type, Map.of()).across(dev.symbia.relay.Boundary.parse(boundary).orElseThrow()));
        assertThat(awaitTrace(id).get("status").stringValue()).isEqualTo(expected ? "delivered" : "unrouted");
    }

    @Test
    void simulationExplainsPoliciesAndMissingNodes() {
        String a = unique("sim-a");
        registerNode(a, "client", null);
        JsonNode policy = createPolicy(Map.of("name", "deny sim", "priority", 40,
                "conditions", List.of(Map.of("field", "source", "operator", "eq", "value", a)),
                "action", Map.of("type", "deny", "reason", "quarantined")));
        try {
            JsonNode denied = json(post("/api/sdn/simulate", toJson(Map.of("type", "x.y", "source", a, "target", "someone")), admin()));
            assertThat(denied.get("wouldSucceed").booleanValue()).isFalse();
            assertThat(denied.get("policyResult").get("action").stringValue()).isEqualTo("deny");
            assertThat(denied.get("reasons").toString()).contains("quarantined");
        } finally {
            deletePolicy(policy);
        }
        JsonNode ghost = json(post("/api/sdn/simulate", toJson(Map.of("type", "x.y", "source", unique("ghost"))), admin()));
        assertThat(ghost.get("wouldSucceed").booleanValue()).isFalse();
        assertThat(ghost.get("reasons").toString()).contains("is not registered");
    }

    @Test
    void aWatchStreamSeesOnlyWhatItsFilterSelects() throws Exception {
        String a = unique("watch-a");
        String b = unique("watch-b");
        RelayClient sender = relay(a);
        relay(b);
        List<String> lines = new CopyOnWriteArrayList<>();
        CompletableFuture<?> stream = HTTP.sendAsync(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                                + "/api/sdn/watch?source=" + a + "&type=alert.*"))
                        // As a browser's EventSource would: the httpOnly token cookie, no header.
                        .header("Cookie", "token=" + IDENTITY.user("watcher").platformCaps("cap:network.events.read").token())
                        .build(),
                HttpResponse.BodyHandlers.ofLines()).thenAccept(response -> response.body().forEach(lines::add));
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> lines.stream().anyMatch(line -> line.startsWith(":")));
            String ignoredType = sender.publish("metric.tick", Map.of(), b);
            String wanted = sender.publish("alert.fired", Map.of("level", "high"), b);
            awaitTrace(ignoredType);
            await().atMost(Duration.ofSeconds(20)).until(() -> lines.stream().anyMatch(line -> line.contains(wanted)));
            String data = lines.stream().filter(line -> line.startsWith("data:") && line.contains(wanted)).findFirst().orElseThrow();
            JsonNode payload = codec.mapper().readTree(data.substring("data:".length()));
            assertThat(payload.get("event").get("type").stringValue()).isEqualTo("alert.fired");
            assertThat(payload.get("trace").get("status").stringValue()).isEqualTo("delivered");
            assertThat(lines).noneMatch(line -> line.contains(ignoredType));
        } finally {
            stream.cancel(true);
        }
    }
}
