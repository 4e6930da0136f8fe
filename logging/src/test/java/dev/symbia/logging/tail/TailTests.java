package dev.symbia.logging.tail;

import static dev.symbia.logging.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.symbia.logging.Api;
import dev.symbia.logging.Api.Principal;
import dev.symbia.logging.LoggingIntegrationTest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class TailTests extends LoggingIntegrationTest {

    @Autowired
    TailHub hub;

    @Test
    void receivesMatchingEntriesIngestedAfterSubscribingAndNothingElse() throws Exception {
        Principal alice = Principal.user(newOrg());
        Principal bob = Principal.user(newOrg());
        UUID stream = stream(alice, "live", null);
        UUID bobStream = stream(bob, "live", null);
        ingest(alice, stream, List.of(obj("message", "before subscribing", "level", "error", "service", "web")));

        try (Tail tail = open("/api/logs/stream?level=warn&service=web", alice)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> tail.has("event:connected"));
            assertThat(tail.lines.stream().filter(l -> l.startsWith("data:")).findFirst().orElseThrow())
                    .contains("\"clientId\"").contains("\"activeClients\"");
            ingest(alice, stream, List.of(
                    obj("message", "after but only info", "level", "info", "service", "web"),
                    obj("message", "after and a warning", "level", "warn", "service", "web"),
                    obj("message", "after but another service", "level", "error", "service", "db")));
            ingest(bob, bobStream, List.of(obj("message", "bob's own warning", "level", "fatal", "service", "web")));
            ingest(alice, stream, List.of(obj("message", "the last one", "level", "fatal", "service", "web")));

            await().atMost(Duration.ofSeconds(10)).until(() -> tail.has("the last one"));
            assertThat(tail.has("after and a warning")).isTrue();
            assertThat(tail.has("before subscribing")).isFalse();
            assertThat(tail.has("after but only info")).isFalse();
            assertThat(tail.has("after but another service")).isFalse();
            assertThat(tail.has("bob's own warning")).isFalse();
            assertThat(tail.lines).contains("event:logs");
            await().atMost(Duration.ofSeconds(10)).until(() -> tail.lines.contains(": heartbeat"));
        }
    }

    @Test
    void filtersByText() throws Exception {
        Principal alice = Principal.user(newOrg());
        UUID stream = stream(alice, "text", null);
        try (Tail tail = open("/api/logs/stream?search=Payment", alice)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> tail.has("event:connected"));
            ingest(alice, stream, List.of(obj("message", "unrelated"), obj("message", "payment failed")));
            await().atMost(Duration.ofSeconds(10)).until(() -> tail.has("payment failed"));
            assertThat(tail.has("unrelated")).isFalse();
        }
    }

    @Test
    void aBrowserTailsWithItsTokenCookie() throws Exception {
        Principal alice = Principal.user(newOrg());
        UUID stream = stream(alice, "cookie", null);
        // EventSource sends no Authorization header: the httpOnly token cookie is the credential.
        HttpResponse<Stream<String>> response = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(api.uri("/api/logs/stream")).GET()
                        .header("Accept", "text/event-stream").header("Cookie", "token=" + alice.token()).build(),
                HttpResponse.BodyHandlers.ofLines());
        assertThat(response.statusCode()).isEqualTo(200);
        try (Tail tail = new Tail(response.body())) {
            await().atMost(Duration.ofSeconds(10)).until(() -> tail.has("event:connected"));
            ingest(alice, stream, List.of(obj("message", "seen through the cookie")));
            await().atMost(Duration.ofSeconds(10)).until(() -> tail.has("seen through the cookie"));
        }
        assertThat(api.get("/api/logs/stream", alice.forgedToken()).status()).isEqualTo(401);
    }

    @Test
    void aClientThatGoesAwayIsDropped() throws Exception {
        Principal alice = Principal.user(newOrg());
        int before = hub.size();
        Tail tail = open("/api/logs/stream", alice);
        await().atMost(Duration.ofSeconds(10)).until(() -> tail.has("event:connected"));
        assertThat(hub.size()).isEqualTo(before + 1);
        tail.close();
        // The next heartbeat write fails and the subscriber is removed.
        await().atMost(Duration.ofSeconds(15)).until(() -> hub.size() == before);
    }

    @Test
    void badRequestsAreProblems() {
        Principal alice = Principal.user(newOrg());
        for (String path : List.of("/api/logs/stream?level=loud", "/api/logs/stream?streamIds=nope",
                "/api/logs/stream?orgId=" + UUID.randomUUID())) {
            Api.Response response = api.get(path, alice);
            assertThat(response.status()).as(path).isBetween(400, 499);
            assertThat(response.isProblem()).as(path).isTrue();
        }
        assertThat(api.get("/api/logs/stream", null).status()).isEqualTo(401);
    }

    private Tail open(String path, Principal principal) throws Exception {
        HttpResponse<Stream<String>> response = api.openLines(path, principal);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
        return new Tail(response.body());
    }

    /** Reads an SSE response's lines on a background thread until closed. */
    static final class Tail implements AutoCloseable {
        final List<String> lines = new CopyOnWriteArrayList<>();
        private final Stream<String> body;

        Tail(Stream<String> body) {
            this.body = body;
            Thread.ofVirtual().start(() -> {
                try {
                    body.forEach(lines::add);
                } catch (RuntimeException ignored) {
                    // closed by the test
                }
            });
        }

        boolean has(String text) {
            return lines.stream().anyMatch(line -> line.contains(text));
        }

        @Override
        public void close() {
            body.close();
        }
    }
}
