package dev.symbia.network.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.symbia.network.NetworkTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Silent nodes are marked offline, not deleted, and come back online with their next heartbeat. */
class NodeLivenessTests extends NetworkTestSupport {

    @Autowired
    NodeLiveness liveness;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    SelfRegistration selfRegistration;

    @Test
    void staleNodesGoOfflineAndStay() {
        String stale = unique("stale");
        String fresh = unique("fresh");
        registerNode(stale, "client", null);
        registerNode(fresh, "client", null);
        jdbc.sql("UPDATE nodes SET last_heartbeat = now() - interval '10 minutes' WHERE id = :id").param("id", stale).update();

        assertThat(liveness.sweepNow()).isGreaterThanOrEqualTo(1);

        assertThat(json(get("/api/registry/nodes/" + stale, admin())).get("status").stringValue()).isEqualTo("offline");
        assertThat(json(get("/api/registry/nodes/" + fresh, admin())).get("status").stringValue()).isEqualTo("online");

        expect(post("/api/registry/nodes/" + stale + "/heartbeat", null, admin()), 200);
        assertThat(json(get("/api/registry/nodes/" + stale, admin())).get("status").stringValue()).isEqualTo("online");
    }

    @Test
    void aRelaySocketKeepsItsNodeConnectedUntilItCloses() {
        String id = unique("live");
        var relay = relay(id);
        assertThat(json(get("/api/registry/nodes/" + id, admin())).get("connected").booleanValue()).isTrue();
        relay.close();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() ->
                !json(get("/api/registry/nodes/" + id, admin())).get("connected").booleanValue());
        // Disconnected is not gone: the node stays registered.
        assertThat(json(get("/api/registry/nodes/" + id, admin())).get("status").stringValue()).isEqualTo("online");
    }

    /** The hub lists itself among the platform's services, and a sweep after its heartbeat leaves it online. */
    @Test
    void theNetworkIsItsOwnOnlineNode() {
        JsonNode self = json(get("/api/registry/nodes/network", admin()));
        assertThat(self.get("type").stringValue()).isEqualTo("service");
        assertThat(self.get("status").stringValue()).isEqualTo("online");

        jdbc.sql("UPDATE nodes SET status = 'offline' WHERE id = 'network'").update();
        selfRegistration.heartbeat();
        liveness.sweepNow();
        assertThat(json(get("/api/registry/nodes/network", admin())).get("status").stringValue()).isEqualTo("online");
    }
}
