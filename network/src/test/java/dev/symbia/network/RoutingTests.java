package dev.symbia.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.symbia.relay.Boundary;
import dev.symbia.relay.Envelope;
import dev.symbia.relay.Publication;
import dev.symbia.relay.RelayClient;
import dev.symbia.relay.RelayEvent;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Routing end to end: relays on real sockets, contracts, the five policy actions, HTTP fallback with retry. */
@ExtendWith(OutputCaptureExtension.class)
class RoutingTests extends NetworkTestSupport {

    @Autowired
    JdbcClient jdbc;

    // Subscribes, and waits until the network knows (a broadcast reaches only nodes that declared a matching pattern).
    private List<JsonNode> collect(RelayClient relay, String pattern) {
        List<JsonNode> received = new CopyOnWriteArrayList<>();
        relay.subscribe(pattern, JsonNode.class, (RelayEvent<JsonNode> event) -> received.add(event.data()));
        await().atMost(Duration.ofSeconds(20)).until(() -> json(get("/api/registry/nodes/" + relay.nodeId(), admin()))
                .path("subscriptions").valueStream().anyMatch(declared -> pattern.equals(declared.asString())));
        return received;
    }

    private JsonNode awaitTrace(String eventId) {
        await().atMost(Duration.ofSeconds(20)).until(() -> get("/api/events/" + eventId + "/trace", admin()).statusCode() == 200);
        return json(get("/api/events/" + eventId + "/trace", admin()));
    }

    private static List<String> actions(JsonNode trace) {
        return trace.get("path").valueStream().map(hop -> hop.get("action").stringValue() + ":" + hop.get("node").stringValue()).toList();
    }

    @Test
    void anExplicitTargetIsDeliveredOverItsSocket() {
        String a = unique("svc-a");
        String b = unique("svc-b");
        RelayClient sender = relay(a);
        List<JsonNode> atB = collect(relay(b), "*");

        String id = sender.publish("chat.message", Map.of("text", "hello"), b);

        await().atMost(Duration.ofSeconds(20)).until(() -> atB.size() == 1);
        assertThat(atB.getFirst().get("text").stringValue()).isEqualTo("hello");
        JsonNode trace = awaitTrace(id);
        assertThat(trace.get("status").stringValue()).isEqualTo("delivered");
        assertThat(trace.get("path").get(0).get("via").stringValue()).isEqualTo("websocket");
    }

    @Test
    void contractsRouteByTypePatternAndBoundary() {
        String a = unique("svc-a");
        String b = unique("svc-b");
        RelayClient sender = relay(a);
        List<JsonNode> atB = collect(relay(b), "*");
        createContract(a, b, List.of("order.*"), List.of("intra"));

        String matched = sender.publish("order.created", Map.of("n", 1));
        String wrongType = sender.publish("orders.created", Map.of("n", 2));
        String wrongBoundary = sender.publish(Publication.of("order.created", Map.of("n", 3)).across(Boundary.EXTRA));
        String parentOnly = sender.publish("order", Map.of("n", 4));

        assertThat(awaitTrace(matched).get("status").stringValue()).isEqualTo("delivered");
        for (String unrouted : List.of(wrongType, wrongBoundary, parentOnly)) {
            assertThat(awaitTrace(unrouted).get("status").stringValue()).isEqualTo("unrouted");
        }
        assertThat(atB).extracting(data -> data.get("n").intValue()).containsExactly(1);
    }

    @Test
    void aContractToStarReachesEveryOnlineNodeButTheSource() {
        String a = unique("svc-a");
        RelayClient sender = relay(a);
        List<JsonNode> atSender = collect(sender, "*");
        List<JsonNode> atB = collect(relay(unique("svc-b")), "*");
        List<JsonNode> atC = collect(relay(unique("svc-c")), "*");
        createContract(a, "*", List.of("broadcast.ping"), List.of("intra"));

        String id = sender.publish("broadcast.ping", Map.of("x", 1));

        await().atMost(Duration.ofSeconds(20)).until(() -> atB.size() == 1 && atC.size() == 1);
        assertThat(awaitTrace(id).get("status").stringValue()).isEqualTo("delivered");
        assertThat(atSender).isEmpty();
    }

    @Test
    void aBroadcastReachesOnlyTheNodesThatConsumeItsType() {
        String a = unique("svc-a");
        RelayClient sender = relay(a);
        String listener = unique("svc-listener");
        String bystander = unique("svc-bystander");
        List<JsonNode> atListener = collect(relay(listener), "broadcast.*");
        List<JsonNode> atBystander = collect(relay(bystander), "other.thing");
        String silent = unique("svc-silent");
        relay(silent); // subscribes to nothing: declares an empty set
        String legacy = unique("svc-legacy");
        registerNode(legacy, "service", null); // over REST, declaring nothing: it is sent every broadcast
        createContract(a, "*", List.of("broadcast.ping"), List.of("intra"));

        String id = sender.publish("broadcast.ping", Map.of("x", 1));

        await().atMost(Duration.ofSeconds(20)).until(() -> atListener.size() == 1);
        List<String> nodes = awaitTrace(id).get("path").valueStream().map(hop -> hop.path("node").asString()).toList();
        assertThat(nodes).contains(listener, legacy).doesNotContain(bystander, silent);
        assertThat(atBystander).isEmpty();
        assertThat(json(get("/api/registry/nodes/" + silent, admin())).get("subscriptions").isEmpty()).isTrue();
        assertThat(json(get("/api/registry/nodes/" + legacy, admin())).get("subscriptions").isNull()).isTrue();
    }

    @Test
    void anExpiredContractRoutesNothing() {
        String a = unique("svc-a");
        String b = unique("svc-b");
        RelayClient sender = relay(a);
        relay(b);
        jdbc.sql("INSERT INTO contracts (id, from_node, to_node, allowed_event_types, boundaries, created_by, expires_at) "
                        + "VALUES (:id, :a, :b, '[\"*\"]', '[\"intra\"]', 'test', :expired)")
                .param("id", UUID.randomUUID()).param("a", a).param("b", b)
                .param("expired", Timestamp.from(Instant.now().minusSeconds(1))).update();
        assertThat(awaitTrace(sender.publish("any.thing", Map.of())).get("status").stringValue()).isEqualTo("unrouted");
    }

    @Test
    void denyDropsAndSaysWhichPolicy() {
        String a = unique("svc-a");
        String b = unique("svc-b");
        RelayClient sender = relay(a);
        List<JsonNode> atB = collect(relay(b), "*");
        JsonNode policy = createPolicy(Map.of("name", "deny " + a, "priority", 100,
                "conditions", List.of(Map.of("field", "source", "operator", "eq", "value", a),
                        Map.of("field", "eventType", "operator", "startsWith", "value", "secret.")),
                "action", Map.of("type", "deny", "reason", "no secrets")));
        try {
            JsonNode denied = awaitTrace(sender.publish("secret.plans", Map.of("x", 1), b));
            assertThat(denied.get("status").stringValue()).isEqualTo("dropped");
            assertThat(denied.get("path").get(0).get("action").stringValue()).isEqualTo("drop");
            assertThat(denied.get("path").get(0).get("policyId").stringValue()).isEqualTo(policy.get("id").stringValue());
            assertThat(denied.get("path").get(0).get("detail").stringValue()).isEqualTo("no secrets");
            // The other condition does not hold for this one: it goes through.
            assertThat(awaitTrace(sender.publish("public.plans", Map.of("x", 2), b)).get("status").stringValue()).isEqualTo("delivered");
            await().atMost(Duration.ofSeconds(10)).until(() -> atB.size() == 1);
            assertThat(atB.getFirst().get("x").intValue()).isEqualTo(2);
        } finally {
            deletePolicy(policy);
        }
    }

    @Test
    void theHighestPriorityMatchWinsAndAllowDelivers() {
        String a = unique("svc-a");
        String b = unique("svc-b");
        RelayClient sender = relay(a);
        List<JsonNode> atB = collect(relay(b), "*");
        JsonNode deny = createPolicy(Map.of("name", "deny low", "priority", 10,
                "conditions", List.of(Map.of("field", "source", "operator", "eq", "value", a)), "action", Map.of("type", "deny")));
        JsonNode allow = createPolicy(Map.of("name", "allow high", "priority", 20,
                "conditions", List.of(Map.of("field", "target", "operator", "regex", "value", "^svc-b-[0-9a-f]+$")),
                "action", Map.of("type", "allow")));
        try {
            assertThat(awaitTrace(sender.publish("x.y", Map.of(), b)).get("status").stringValue()).isEqualTo("delivered");
            await().atMost(Duration.ofSeconds(10)).until(() -> atB.size() == 1);
            // Disabled, the allow no longer matches and the deny below it does.
            expect(call("PATCH", "/api/policies/" + allow.get("id").stringValue(), "{\"enabled\":false}", admin()), 200);
            assertThat(awaitTrace(sender.publish("x.y", Map.of(), b)).get("status").stringValue()).isEqualTo("dropped");
        } finally {
            deletePolicy(deny);
            deletePolicy(allow);
        }
    }

    @Test
    void routeRedirectsToAnotherNode() {
        String a = unique("svc-a");
        String b = unique("svc-b");
        String c = unique("svc-c");
        RelayClient sender = relay(a);
        List<JsonNode> atB = collect(relay(b), "*");
        List<JsonNode> atC = collect(relay(c), "*");
        JsonNode policy = createPolicy(Map.of("name", "to audit", "priority", 50,
                "conditions", List.of(Map.of("field", "source", "operator", "eq", "value", a)),
                "action", Map.of("type", "route", "to", c)));
        try {
            JsonNode trace = awaitTrace(sender.publish("audit.me", Map.of("v", 7), b));
            assertThat(trace.get("status").stringValue()).isEqualTo("delivered");
            assertThat(actions(trace)).containsExactly("forward:" + b, "deliver:" + c);
            await().atMost(Duration.ofSeconds(10)).until(() -> atC.size() == 1);
            assertThat(atB).isEmpty();
            // A route also gives an event without any target somewhere to go.
            assertThat(awaitTrace(sender.publish("orphan.event", Map.of())).get("status").stringValue()).isEqualTo("delivered");
            await().atMost(Duration.ofSeconds(10)).until(() -> atC.size() == 2);
        } finally {
            deletePolicy(policy);
        }
    }

    @Test
    void transformMapsTheDataAndTheReceiverStillVerifiesIt() {
        String a = unique("svc-a");
        String b = unique("svc-b");
        RelayClient sender = relay(a);
        List<JsonNode> atB = collect(relay(b), "*");
        JsonNode policy = createPolicy(Map.of("name", "reshape", "priority", 50,
                "conditions", List.of(Map.of("field", "source", "operator", "eq", "value", a)),
                "action", Map.of("type", "transform", "mapping", List.of(
                        Map.of("op", "rename", "from", "text", "to", "body"),
                        Map.of("op", "copy", "from", "user.id", "to", "userId"),
                        Map.of("op", "set", "path", "meta.transformed", "value", true),
                        Map.of("op", "remove", "path", "user.password")))));
        try {
            JsonNode trace = awaitTrace(sender.publish("profile.updated",
                    Map.of("text", "hi", "user", Map.of("id", "u1", "password", "hunter2")), b));
            assertThat(actions(trace)).containsExactly("transform:" + b, "deliver:" + b);
            await().atMost(Duration.ofSeconds(10)).until(() -> atB.size() == 1);
            JsonNode data = atB.getFirst();
            assertThat(data.has("text")).isFalse();
            assertThat(data.get("body").stringValue()).isEqualTo("hi");
            assertThat(data.get("userId").stringValue()).isEqualTo("u1");
            assertThat(data.get("meta").get("transformed").booleanValue()).isTrue();
            assertThat(data.get("user").has("password")).isFalse();
        } finally {
            deletePolicy(policy);
        }
    }

    @Test
    void logRecordsAtItsLevelAndStillDelivers(CapturedOutput output) {
        String a = unique("svc-a");
        String b = unique("svc-b");
        RelayClient sender = relay(a);
        List<JsonNode> atB = collect(relay(b), "*");
        JsonNode policy = createPolicy(Map.of("name", "watch " + a, "priority", 50,
                "conditions", List.of(Map.of("field", "source", "operator", "eq", "value", a)),
                "action", Map.of("type", "log", "level", "warn")));
        try {
            String id = sender.publish("noted.event", Map.of(), b);
            JsonNode trace = awaitTrace(id);
            assertThat(trace.get("status").stringValue()).isEqualTo("delivered");
            assertThat(trace.get("path").get(0).get("action").stringValue()).isEqualTo("log");
            assertThat(trace.get("path").get(0).get("level").stringValue()).isEqualTo("warn");
            await().atMost(Duration.ofSeconds(10)).until(() -> atB.size() == 1);
            await().atMost(Duration.ofSeconds(10)).until(() -> output.getAll().lines().anyMatch(line ->
                    line.contains("WARN") && line.contains("dev.symbia.network.policy.log") && line.contains(id)));
        } finally {
            deletePolicy(policy);
        }
    }

    @Test
    void aBroadcastReachesSocketsOnTheWayAndAnHttpNodeWithItsRetriesEachWithItsOwnHop() throws Exception {
        String a = unique("svc-a");
        RelayClient sender = relay(a);
        String b = unique("svc-b");
        String c = unique("svc-c");
        List<JsonNode> atB = collect(relay(b), "fan.*");
        List<JsonNode> atC = collect(relay(c), "fan.*");
        String hook = unique("http-d");
        try (MockWebServer endpoint = new MockWebServer()) {
            endpoint.enqueue(new MockResponse.Builder().code(503).build());
            endpoint.enqueue(new MockResponse.Builder().code(202).body("{\"ok\":true}").build());
            endpoint.start();
            registerNode(hook, "client", endpoint.url("/api/internal/network/events").toString()); // takes every broadcast
            createContract(a, "*", List.of("fan.out"), List.of("intra"));

            String id = sender.publish("fan.out", Map.of("n", 7));

            await().atMost(Duration.ofSeconds(20)).until(() -> atB.size() == 1 && atC.size() == 1);
            JsonNode trace = awaitTrace(id);
            assertThat(trace.get("status").stringValue()).isEqualTo("delivered");
            Map<String, JsonNode> hops = new java.util.HashMap<>();
            trace.get("path").valueStream().forEach(hop -> hops.put(hop.get("node").stringValue(), hop));
            assertThat(hops.get(b).get("via").stringValue()).isEqualTo("websocket");
            assertThat(hops.get(c).get("via").stringValue()).isEqualTo("websocket");
            assertThat(hops.get(hook).get("via").stringValue()).isEqualTo("http");
            assertThat(hops.get(hook).get("attempts").intValue()).isEqualTo(2);
            endpoint.takeRequest(5, TimeUnit.SECONDS);
            assertThat(codec.read(endpoint.takeRequest(5, TimeUnit.SECONDS).getBody().utf8()).id()).isEqualTo(id);
        }
        assertThat(atB.getFirst().get("n").intValue()).isEqualTo(7);
        assertThat(atC.getFirst().get("n").intValue()).isEqualTo(7);
    }

    @Test
    void httpFallbackRetriesThenDelivers() throws Exception {
        String a = unique("svc-a");
        String b = unique("http-b");
        RelayClient sender = relay(a);
        try (MockWebServer endpoint = new MockWebServer()) {
            endpoint.enqueue(new MockResponse.Builder().code(503).build());
            endpoint.enqueue(new MockResponse.Builder().code(202).body("{\"ok\":true}").build());
            endpoint.start();
            registerNode(b, "client", endpoint.url("/api/internal/network/events").toString());

            JsonNode trace = awaitTrace(sender.publish("hook.fired", Map.of("k", "v"), b));

            assertThat(trace.get("status").stringValue()).isEqualTo("delivered");
            JsonNode hop = trace.get("path").get(0);
            assertThat(hop.get("via").stringValue()).isEqualTo("http");
            assertThat(hop.get("attempts").intValue()).isEqualTo(2);
            endpoint.takeRequest(5, TimeUnit.SECONDS);
            RecordedRequest delivered = endpoint.takeRequest(5, TimeUnit.SECONDS);
            Envelope envelope = codec.read(delivered.getBody().utf8());
            assertThat(signer.isValid(envelope)).isTrue();
            assertThat(envelope.source()).isEqualTo(a);
            assertThat(delivered.getHeaders().get("X-Symbia-Event-Id")).isEqualTo(envelope.id());
            // With the network's own service token, which the receiver's internal allow-list admits.
            String authorization = delivered.getHeaders().get("Authorization");
            assertThat(authorization).startsWith("Bearer ");
            var claims = com.nimbusds.jwt.SignedJWT.parse(authorization.substring(7)).getJWTClaimsSet();
            assertThat(claims.getSubject()).isEqualTo("network");
            assertThat(claims.getStringClaim("typ")).isEqualTo("service");
        }
    }

    @Test
    void httpFailuresAreBoundedAndTheTraceSaysError() throws Exception {
        String a = unique("svc-a");
        String b = unique("http-b");
        RelayClient sender = relay(a);
        try (MockWebServer endpoint = new MockWebServer()) {
            for (int i = 0; i < 5; i++) {
                endpoint.enqueue(new MockResponse.Builder().code(500).build());
            }
            endpoint.start();
            registerNode(b, "client", endpoint.url("/in").toString());

            JsonNode trace = awaitTrace(sender.publish("hook.fired", Map.of(), b));

            assertThat(trace.get("status").stringValue()).isEqualTo("error");
            assertThat(trace.get("path").get(0).get("action").stringValue()).isEqualTo("fail");
            assertThat(trace.get("path").get(0).get("attempts").intValue()).isEqualTo(3);
            assertThat(endpoint.getRequestCount()).isEqualTo(3);
        }
    }

    @Test
    void aClientErrorIsNotRetried() throws Exception {
        String a = unique("svc-a");
        String b = unique("http-b");
        RelayClient sender = relay(a);
        try (MockWebServer endpoint = new MockWebServer()) {
            endpoint.enqueue(new MockResponse.Builder().code(401).build());
            endpoint.start();
            registerNode(b, "client", endpoint.url("/in").toString());
            JsonNode trace = awaitTrace(sender.publish("hook.fired", Map.of(), b));
            assertThat(trace.get("status").stringValue()).isEqualTo("error");
            assertThat(trace.get("path").get(0).get("attempts").intValue()).isEqualTo(1);
        }
    }

    @Test
    void unknownOrUnreachableTargetsAreDropped() {
        String a = unique("svc-a");
        RelayClient sender = relay(a);
        JsonNode unknown = awaitTrace(sender.publish("x.y", Map.of(), unique("nobody")));
        assertThat(unknown.get("status").stringValue()).isEqualTo("dropped");
        assertThat(unknown.get("path").get(0).get("detail").stringValue()).isEqualTo("node not registered");

        String silent = unique("silent");
        registerNode(silent, "client", null);
        JsonNode unreachable = awaitTrace(sender.publish("x.y", Map.of(), silent));
        assertThat(unreachable.get("status").stringValue()).isEqualTo("dropped");
        assertThat(unreachable.get("path").get(0).get("detail").stringValue()).contains("no live connection");
    }
}
