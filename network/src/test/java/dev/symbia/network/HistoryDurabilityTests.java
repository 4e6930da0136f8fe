package dev.symbia.network;

import static org.assertj.core.api.Assertions.assertThat;

import dev.symbia.relay.Boundary;
import dev.symbia.relay.Envelope;
import dev.symbia.relay.EnvelopeCodec;
import dev.symbia.test.postgres.TestDatabase;
import dev.symbia.test.postgres.TestPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The history is written in batches off the delivery path (issue 26): a clean shutdown right after a burst
 * still writes every accepted event and its trace, and after a restart a replay of one of them is refused
 * (the replay guard reloads the ids of the last two windows).
 */
class HistoryDurabilityTests {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final int EVENTS = 150;

    /** A user who may register client nodes and publish as the nodes it owns. */
    private static final Map<String, String> PUBLISHER = NetworkTestSupport.user("history-publisher",
            "cap:network.nodes.admin", "cap:network.events.write");

    private static HttpResponse<String> post(int port, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json");
        PUBLISHER.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static long count(TestDatabase database, String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl() + "?currentSchema=network",
                database.username(), database.password()); ResultSet rs = connection.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void aCleanShutdownWritesEveryQueuedEventAndARestartStillRefusesReplays() throws Exception {
        TestDatabase database = TestPostgres.freshDatabase();
        int port = NetworkApps.freePort();
        String node = "history-client";
        List<String> envelopes = new ArrayList<>();
        for (int n = 0; n < EVENTS; n++) {
            envelopes.add(NetworkApps.CODEC.write(NetworkApps.SIGNER.sign(new Envelope(UUID.randomUUID().toString(),
                    "history.burst", node, null, "run-history", null, Boundary.INTRA, EnvelopeCodec.timestamp(Instant.now()),
                    NetworkApps.CODEC.toData(Map.of("n", n)), null))));
        }
        ConfigurableApplicationContext network = NetworkApps.start(database, port);
        try {
            assertThat(post(port, "/api/registry/nodes", "{\"id\":\"" + node + "\",\"type\":\"client\"}").statusCode())
                    .isEqualTo(201);
            for (String envelope : envelopes) {
                HttpResponse<String> response = post(port, "/api/events", envelope);
                assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
            }
        } finally {
            network.close();
        }

        assertThat(count(database, "SELECT count(*) FROM events WHERE type = 'history.burst'")).isEqualTo(EVENTS);
        assertThat(count(database, "SELECT count(*) FROM traces WHERE run_id = 'run-history'")).isEqualTo(EVENTS);

        network = NetworkApps.start(database, port);
        try {
            HttpResponse<String> replay = post(port, "/api/events", envelopes.get(EVENTS - 1));
            assertThat(replay.statusCode()).as(replay.body()).isEqualTo(409);
            assertThat(replay.body()).contains("duplicate");
        } finally {
            network.close();
        }
    }
}
