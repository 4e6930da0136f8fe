package dev.symbia.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.symbia.core.SymbiaService;
import dev.symbia.e2e.support.Gateway;
import dev.symbia.e2e.support.StackExtension;
import dev.symbia.e2e.support.SymbiaStack;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

/**
 * The network issue's "done when", black-box through the gateway: every service joins the network
 * (eight through their relays, the network as its own node), the topology shows them with the seeded
 * platform contracts, and identity's security events travel over it.
 */
@ExtendWith(StackExtension.class)
class NetworkIT {

    private static final String JSON = "application/json";
    private static final Set<String> SERVICES = Arrays.stream(SymbiaService.values()).map(SymbiaService::id)
            .collect(Collectors.toSet());
    /** V3__platform_contracts.sql: messaging → assistants, assistants → messaging, identity → *, integrations → *. */
    private static final List<String> SEEDED_CONTRACTS = List.of("00000000-0000-4000-8000-000000000001",
            "00000000-0000-4000-8000-000000000002", "00000000-0000-4000-8000-000000000003",
            "00000000-0000-4000-8000-000000000004");

    private static String[] admin(Gateway gateway, SymbiaStack stack) {
        Gateway.Response login = gateway.post("/api/identity/auth/login", JSON,
                "{\"email\":\"" + stack.adminEmail() + "\",\"password\":\"" + stack.adminPassword() + "\"}");
        assertThat(login.status()).as("%s", login).isEqualTo(200);
        assertThat(login.json().path("user").path("isSuperAdmin").asBoolean()).isTrue();
        return new String[] {"Authorization", "Bearer " + login.json().path("token").asString()};
    }

    private static Set<String> online(JsonNode nodes) {
        return StreamSupport.stream(nodes.spliterator(), false)
                .filter(n -> "online".equals(n.path("status").asString()))
                .map(n -> n.path("id").asString())
                .collect(Collectors.toSet());
    }

    @Test
    void allNineServicesAreOnlineWithThePlatformContracts(Gateway gateway, SymbiaStack stack) {
        String[] auth = admin(gateway, stack);

        assertThat(gateway.get("/api/network/registry/nodes").status()).as("anonymous").isEqualTo(401);
        Set<String> seen = new HashSet<>();
        // Relays connect once their service is up; heartbeats every 30 s, so this is bounded by the start.
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            Gateway.Response nodes = gateway.get("/api/network/registry/nodes", auth);
            assertThat(nodes.status()).as("%s", nodes).isEqualTo(200);
            seen.clear();
            seen.addAll(online(nodes.json().path("nodes")));
            assertThat(seen).as("online nodes").containsAll(SERVICES);
            for (JsonNode node : nodes.json().path("nodes")) {
                String id = node.path("id").asString();
                if (SERVICES.contains(id)) {
                    assertThat(node.path("type").asString()).as(id).isEqualTo("service");
                    // Every service but the hub itself holds a live relay socket.
                    assertThat(node.path("connected").asBoolean()).as("%s connected", id).isEqualTo(!id.equals("network"));
                }
            }
        });

        Gateway.Response topology = gateway.get("/api/network/sdn/topology", auth);
        assertThat(topology.status()).as("%s", topology).isEqualTo(200);
        assertThat(online(topology.json().path("nodes"))).containsAll(SERVICES);
        List<String> contracts = StreamSupport.stream(topology.json().path("contracts").spliterator(), false)
                .map(c -> c.path("id").asString()).toList();
        assertThat(contracts).containsAll(SEEDED_CONTRACTS);
        JsonNode identityContract = StreamSupport.stream(topology.json().path("contracts").spliterator(), false)
                .filter(c -> c.path("id").asString().equals(SEEDED_CONTRACTS.get(2))).findFirst().orElseThrow();
        assertThat(identityContract.path("from").asString()).isEqualTo("identity");
        assertThat(identityContract.path("to").asString()).isEqualTo("*");
    }

    @Test
    void aFailedLoginIsAnIdentityEventOnTheNetwork(Gateway gateway, SymbiaStack stack) {
        String[] auth = admin(gateway, stack);
        String adminId = gateway.get("/api/identity/auth/me", auth).json().path("user").path("id").asString();
        assertThat(adminId).isNotBlank();
        String wrongPassword = "not-the-password-" + System.nanoTime();
        long before = System.currentTimeMillis();

        Gateway.Response failed = gateway.post("/api/identity/auth/login", JSON,
                "{\"email\":\"" + stack.adminEmail() + "\",\"password\":\"" + wrongPassword + "\"}");
        assertThat(failed.status()).as("%s", failed).isEqualTo(401);

        // Identity's relay may still be connecting right after the start: the event waits in its buffer.
        JsonNode[] found = new JsonNode[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            Gateway.Response events = gateway.get("/api/network/events?limit=500", auth);
            assertThat(events.status()).as("%s", events).isEqualTo(200);
            found[0] = StreamSupport.stream(events.json().path("events").spliterator(), false)
                    .filter(e -> "identity.login.failed".equals(e.path("event").path("type").asString()))
                    .filter(e -> adminId.equals(e.path("event").path("data").path("principalId").asString()))
                    .filter(e -> java.time.Instant.parse(e.path("event").path("timestamp").asString()).toEpochMilli()
                            >= before - 5_000)
                    .findFirst().orElse(null);
            assertThat(found[0]).as("identity.login.failed for the admin").isNotNull();
        });
        JsonNode event = found[0].path("event");
        assertThat(event.path("source").asString()).isEqualTo("identity");
        assertThat(event.toString()).doesNotContain(wrongPassword, stack.adminPassword(), stack.adminEmail());
        // The seeded identity → * contract broadcasts it to the online nodes that consume identity.* — none of the
        // platform's services subscribes to it, so it is sent nowhere; the event itself is kept and observable.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Gateway.Response trace = gateway.get("/api/network/events/" + event.path("id").asString() + "/trace", auth);
            assertThat(trace.status()).as("%s", trace).isEqualTo(200);
            assertThat(trace.json().path("status").asString()).as("%s", trace).isEqualTo("unrouted");
            assertThat(trace.json().path("path")).as("%s", trace).isEmpty();
        });
    }
}
