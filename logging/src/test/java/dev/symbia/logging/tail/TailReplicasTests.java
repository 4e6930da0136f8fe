package dev.symbia.logging.tail;

import static dev.symbia.logging.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.symbia.db.notify.PostgresNotifications;
import dev.symbia.logging.Api;
import dev.symbia.logging.Api.Principal;
import dev.symbia.logging.LoggingApplication;
import dev.symbia.test.postgres.TestDatabase;
import dev.symbia.test.postgres.TestPostgres;
import dev.symbia.test.replica.Replicas;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two logging replicas (two application contexts started by hand) on one real PostgreSQL database: a
 * line ingested through one reaches live tails on the other.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TailReplicasTests {

    private ConfigurableApplicationContext a;
    private ConfigurableApplicationContext b;
    private Api onA;
    private Api onB;

    @BeforeAll
    void startTwoReplicas() {
        TestDatabase database = TestPostgres.freshDatabase();
        a = start(database);
        b = start(database);
        onA = new Api(port(a));
        onB = new Api(port(b));
    }

    @AfterAll
    void stop() {
        Stream.of(a, b).forEach(ConfigurableApplicationContext::close);
    }

    @Test
    void aLineIngestedOnOneReplicaReachesTailsOnTheOtherAndOnItselfOnce() throws Exception {
        Principal alice = Principal.user(UUID.randomUUID());
        Principal bob = Principal.user(UUID.randomUUID());
        UUID stream = stream(onA, alice);
        UUID bobStream = stream(onA, bob);

        try (TailTests.Tail remote = open(onB, "/api/logs/stream?level=warn", alice);
                TailTests.Tail local = open(onA, "/api/logs/stream?level=warn", alice)) {
            ingest(onA, alice, stream, List.of(
                    obj("message", "only info", "level", "info"),
                    obj("message", "a warning from A", "level", "warn")));
            ingest(onA, bob, bobStream, List.of(obj("message", "bob's own error", "level", "error")));
            ingest(onA, alice, stream, List.of(obj("message", "the last one", "level", "fatal")));

            await().atMost(Duration.ofSeconds(10)).until(() -> remote.has("the last one") && local.has("the last one"));
            assertThat(remote.has("a warning from A")).isTrue();
            assertThat(remote.has("only info")).as("the tail's filter applies to other replicas' lines").isFalse();
            assertThat(remote.has("bob's own error")).as("another org's line").isFalse();
            assertThat(local.lines.stream().filter(line -> line.contains("the last one")).count())
                    .as("a replica does not hand its own lines to its tails twice").isEqualTo(1);
        }
    }

    @Test
    void aLargeIngestArrivesWholeAndInOrder() throws Exception {
        Principal alice = Principal.user(UUID.randomUUID());
        UUID stream = stream(onA, alice);
        int count = TailAnnouncement.IDS_PER_NOTIFICATION * 2 + 7; // several notifications for one ingest
        try (TailTests.Tail remote = open(onB, "/api/logs/stream", alice)) {
            ingest(onA, alice, stream, IntStream.range(0, count).mapToObj(i -> obj("message", "line-" + i + "-end")).toList());
            await().atMost(Duration.ofSeconds(15)).until(() -> remote.has("line-" + (count - 1) + "-end"));
            List<Integer> seen = remote.lines.stream().filter(line -> line.startsWith("data:"))
                    .flatMap(line -> java.util.regex.Pattern.compile("line-(\\d+)-end").matcher(line).results())
                    .map(match -> Integer.parseInt(match.group(1))).toList();
            assertThat(seen).containsExactlyElementsOf(IntStream.range(0, count).boxed().toList());
        }
    }

    @Test
    void aReplicaListensOnlyWhileItHasTails() throws Exception {
        Principal alice = Principal.user(UUID.randomUUID());
        PostgresNotifications notificationsOfB = b.getBean(PostgresNotifications.class);
        TailTests.Tail tail = open(onB, "/api/logs/stream", alice);
        assertThat(notificationsOfB.isListening()).isTrue();
        tail.close();
        // The next heartbeat finds the client gone; the last tail's end stops the listening.
        await().atMost(Duration.ofSeconds(15)).until(() -> !notificationsOfB.isListening());
    }

    private static ConfigurableApplicationContext start(TestDatabase database) {
        return Replicas.start(LoggingApplication.class, database, "logging", "--symbia.logging.tail.buffer-size=1000");
    }

    private static int port(ConfigurableApplicationContext context) {
        return Replicas.port(context);
    }

    private static UUID stream(Api api, Principal owner) {
        Api.Response created = api.post("/api/logs/streams", owner, obj("name", "replicas-" + UUID.randomUUID()));
        assertThat(created.status()).as("%s", created.body()).isIn(200, 201);
        return UUID.fromString(created.json().path("id").asString());
    }

    private static void ingest(Api api, Principal owner, UUID stream, List<?> entries) {
        Api.Response response = api.post("/api/logs/ingest", owner, obj("streamId", stream, "entries", entries));
        assertThat(response.status()).as("%s", response.body()).isEqualTo(200);
    }

    /** An open tail, once it is connected (from then on it misses nothing stored on any replica). */
    private static TailTests.Tail open(Api api, String path, Principal principal) throws Exception {
        HttpResponse<Stream<String>> response = api.openLines(path, principal);
        assertThat(response.statusCode()).isEqualTo(200);
        TailTests.Tail tail = new TailTests.Tail(response.body());
        await().atMost(Duration.ofSeconds(10)).until(() -> tail.has("event:connected"));
        return tail;
    }
}
