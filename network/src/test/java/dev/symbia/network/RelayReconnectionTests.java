package dev.symbia.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.symbia.relay.RelayClient;
import dev.symbia.test.postgres.TestDatabase;
import dev.symbia.test.postgres.TestPostgres;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The network restarts under two connected relays, on the platform's seeded messaging → assistants
 * contract. While it is down, publishing returns at once and buffers; once it is back on the same
 * port, both relays register again and the buffered events arrive, in order. Nothing but in-flight
 * deliveries is lost: the history from before the restart is still there.
 *
 * <p>The subscriber announces an HTTP endpoint, as every relay-using service does: whichever relay
 * re-registers first, the buffered events reach it (socket if it is back, HTTP if not yet).
 */
class RelayReconnectionTests {

    @Test
    void relaysReRegisterAndBufferedEventsArriveAfterTheNetworkRestarts() throws Exception {
        TestDatabase database = TestPostgres.freshDatabase();
        int port = NetworkApps.freePort();
        ConfigurableApplicationContext network = NetworkApps.start(database, port);
        List<HttpServer> servers = new ArrayList<>();
        RelayClient assistants = NetworkApps.relayWithEndpoint("assistants", port, servers);
        RelayClient messaging = NetworkApps.relay("messaging", port, null);
        List<Integer> received = new CopyOnWriteArrayList<>();
        assistants.subscribe("message.*", JsonNode.class, event -> received.add(event.data().get("n").intValue()));
        try {
            assistants.start();
            messaging.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> assistants.isConnected() && messaging.isConnected());

            messaging.publish("message.new", Map.of("n", 0));
            await().atMost(Duration.ofSeconds(20)).until(() -> received.equals(List.of(0)));

            network.close();
            await().atMost(Duration.ofSeconds(30)).until(() -> !assistants.isConnected() && !messaging.isConnected());

            long started = System.nanoTime();
            for (int n = 1; n <= 3; n++) {
                messaging.publish("message.new", Map.of("n", n));
            }
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(500));
            assertThat(messaging.buffered()).isEqualTo(3);
            assertThat(received).containsExactly(0);

            network = NetworkApps.start(database, port);

            await().atMost(Duration.ofSeconds(30)).until(() -> messaging.registrations() == 2 && assistants.registrations() == 2);
            await().atMost(Duration.ofSeconds(30)).until(() -> received.size() == 4);
            assertThat(received).containsExactly(0, 1, 2, 3);
            await().atMost(Duration.ofSeconds(10)).until(() -> messaging.buffered() == 0);

            JdbcClient jdbc = network.getBean(JdbcClient.class);
            // The history is written in batches just after delivery (issue 26): give the batch its moment.
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(jdbc.sql("SELECT count(*) FROM events WHERE source = 'messaging'").query(Long.class).single()).isEqualTo(4);
                assertThat(jdbc.sql("SELECT count(*) FROM traces WHERE status = 'delivered'").query(Long.class).single()).isEqualTo(4);
            });
        } finally {
            messaging.close();
            assistants.close();
            servers.forEach(server -> server.stop(0));
            network.close();
        }
    }
}
