package dev.symbia.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.symbia.relay.RelayClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Routing reads nodes, contracts and policies from memory (issue 26). Rows changed behind this replica's
 * back — by another replica, or an operator's SQL — reach it through the database's notifications; the
 * simulator runs the router's own planning code, so it shows what the router would do now.
 */
class RoutingMemoryTests extends NetworkTestSupport {

    /** Notifications arrive in milliseconds; the bound leaves room for a loaded CI machine. */
    private static final Duration CHANGE_APPLIED = Duration.ofSeconds(5);

    @Autowired
    JdbcClient jdbc;

    private JsonNode simulate(String source, String type) {
        return json(post("/api/sdn/simulate", toJson(Map.of("type", type, "source", source)), admin()));
    }

    private JsonNode awaitTrace(String eventId) {
        await().atMost(Duration.ofSeconds(20)).until(() -> get("/api/events/" + eventId + "/trace", admin()).statusCode() == 200);
        return json(get("/api/events/" + eventId + "/trace", admin()));
    }

    @Test
    void aContractWrittenByAnotherReplicaRoutesHereOnceNotified() {
        String a = unique("mem-a");
        String b = unique("mem-b");
        RelayClient sender = relay(a);
        relay(b);
        assertThat(simulate(a, "mem.event").get("basis").stringValue()).isEqualTo("none");

        jdbc.sql("INSERT INTO contracts (id, from_node, to_node, allowed_event_types, boundaries, created_by) "
                        + "VALUES (:id, :a, :b, '[\"mem.*\"]', '[\"intra\"]', 'another-replica')")
                .param("id", UUID.randomUUID()).param("a", a).param("b", b).update();

        await().atMost(CHANGE_APPLIED).until(() -> "contracts".equals(simulate(a, "mem.event").get("basis").stringValue()));
        JsonNode trace = awaitTrace(sender.publish("mem.event", Map.of("n", 1)));
        assertThat(trace.get("status").stringValue()).isEqualTo("delivered");
        assertThat(trace.get("path").get(0).get("node").stringValue()).isEqualTo(b);
    }

    @Test
    void aPolicyDisabledByAnotherReplicaStopsActingHere() {
        String a = unique("mem-a");
        String b = unique("mem-b");
        RelayClient sender = relay(a);
        relay(b);
        createContract(a, b, List.of("*"), List.of("intra"));
        JsonNode policy = createPolicy(Map.of("name", "deny " + a, "priority", 100,
                "conditions", List.of(Map.of("field", "source", "operator", "eq", "value", a)),
                "action", Map.of("type", "deny", "reason", "not now")));
        // Created through this replica: in effect for the very next event, no waiting.
        assertThat(awaitTrace(sender.publish("any.thing", Map.of())).get("status").stringValue()).isEqualTo("dropped");

        jdbc.sql("UPDATE policies SET enabled = false WHERE id = :id").param("id", UUID.fromString(policy.get("id").stringValue()))
                .update();

        await().atMost(CHANGE_APPLIED).until(() -> simulate(a, "any.thing").get("targets").get(0).get("outcome").stringValue()
                .equals("deliver"));
        assertThat(awaitTrace(sender.publish("any.thing", Map.of())).get("status").stringValue()).isEqualTo("delivered");
    }

    @Test
    void aNodeTakenOfflineByAnotherReplicaLeavesBroadcasts() {
        String a = unique("mem-a");
        String b = unique("mem-b");
        relay(a);
        registerNode(b, "client", null);
        createContract(a, "*", List.of("mem.*"), List.of("intra"));
        assertThat(simulate(a, "mem.event").get("targets").valueStream().map(t -> t.get("id").stringValue()).toList()).contains(b);

        jdbc.sql("UPDATE nodes SET status = 'offline' WHERE id = :id").param("id", b).update();

        await().atMost(CHANGE_APPLIED).until(() -> simulate(a, "mem.event").get("targets").valueStream()
                .noneMatch(t -> b.equals(t.get("id").stringValue())));
    }
}
