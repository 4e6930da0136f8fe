package dev.symbia.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.symbia.network.delivery.LiveConnections;
import dev.symbia.relay.RelayClient;
import dev.symbia.relay.RelayEvent;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Two replicas of one service register the same node id (issue 16): both stay connected — keyed by node
 * and relay replica, neither displaces the other — and each event for the node reaches exactly one of them.
 */
class ServiceReplicaTests extends NetworkTestSupport {

    private static final int EVENTS = 6;

    @Autowired
    LiveConnections live;

    private RelayClient replica(String nodeId, List<String> received) {
        RelayClient relay = relay(nodeId, port, null);
        relay.subscribe("*", JsonNode.class, (RelayEvent<JsonNode> event) -> received.add(event.envelope().id()));
        relay.start();
        await().atMost(Duration.ofSeconds(30)).until(relay::isConnected);
        return relay;
    }

    @Test
    void twoReplicasOfOneServiceStayConnectedAndEachEventReachesOneOfThem() {
        String service = unique("svc-twin");
        List<String> atFirst = new CopyOnWriteArrayList<>();
        List<String> atSecond = new CopyOnWriteArrayList<>();
        RelayClient first = replica(service, atFirst);
        RelayClient second = replica(service, atSecond);
        assertThat(first.replicaId()).isNotEqualTo(second.replicaId());
        await().atMost(Duration.ofSeconds(10)).until(() -> live.connections(service) == 2);
        RelayClient sender = relay(unique("svc-src"));

        for (int n = 0; n < EVENTS; n++) {
            sender.publish("twin.work", Map.of("n", n), service);
        }

        await().atMost(Duration.ofSeconds(20)).until(() -> atFirst.size() + atSecond.size() == EVENTS);
        Set<String> distinct = new HashSet<>(atFirst);
        distinct.addAll(atSecond);
        assertThat(distinct).hasSize(EVENTS); // each event once, never to both
        assertThat(atFirst).isNotEmpty(); // taken in turn
        assertThat(atSecond).isNotEmpty();
        // Neither was displaced: one registration each, both still connected.
        assertThat(List.of(first.registrations(), second.registrations())).containsExactly(1, 1);
        assertThat(first.isConnected() && second.isConnected()).isTrue();
        assertThat(live.connections(service)).isEqualTo(2);

        // One replica goes away: the node stays connected by the other, which now gets everything.
        first.close();
        await().atMost(Duration.ofSeconds(20)).until(() -> live.connections(service) == 1);
        assertThat(json(get("/api/registry/nodes/" + service, admin())).get("connected").booleanValue()).isTrue();
        sender.publish("twin.work", Map.of("n", EVENTS), service);
        await().atMost(Duration.ofSeconds(20)).until(() -> atSecond.size() + atFirst.size() == EVENTS + 1);
        assertThat(atFirst.size() + atSecond.size()).isEqualTo(EVENTS + 1);
    }

    @Test
    void aRelayWithoutAReplicaIdIsStillReplacedByItsNewerSocket() throws Exception {
        String me = unique("svc-old");
        String register = "{\"op\":\"register\",\"node\":{\"id\":\"" + me + "\",\"type\":\"service\"}}";
        try (RawSocket older = new RawSocket(port, service(me)); RawSocket newer = new RawSocket(port, service(me))) {
            older.send(register);
            older.awaitOp("registered");
            newer.send(register);
            newer.awaitOp("registered");
            await().atMost(Duration.ofSeconds(10)).until(() -> live.connections(me) == 1);
        }
    }
}
