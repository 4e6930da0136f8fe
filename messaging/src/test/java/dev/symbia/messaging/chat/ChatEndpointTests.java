package dev.symbia.messaging.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.symbia.messaging.live.ConversationEvent;
import dev.symbia.test.auth.TestIdentity;
import dev.symbia.test.auth.TestPrincipal;
import dev.symbia.test.provider.ScriptedBody;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /api/send} in one running messaging service with real PostgreSQL and real tokens. Integrations
 * is stood in for by a MockWebServer speaking its {@code /api/internal/execute} frames (its own tests cover
 * the providers; the e2e ChatStreamIT runs the whole path with the real integrations).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"INTERNAL_SERVICE_SECRET=${symbia.test.identity.service-secret}",
                "symbia.messaging.chat.liveness-probe=100ms", "symbia.messaging.chat.heartbeat=1s",
                "symbia.messaging.chat.write-threads=2", "symbia.messaging.chat.write-wait=1s"})
class ChatEndpointTests {

    private static final MockWebServer INTEGRATIONS = new MockWebServer();
    private static final TestIdentity IDENTITY = TestIdentity.shared();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static {
        try {
            INTEGRATIONS.start();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        registry.add("INTEGRATIONS_SERVICE_URL", () -> INTEGRATIONS.url("/").toString());
        registry.add("CATALOG_SERVICE_URL", () -> "http://127.0.0.1:9"); // nothing listens: the default prompt
    }

    @AfterAll
    static void stop() {
        INTEGRATIONS.close();
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TurnWrites writes;

    @Autowired
    LiveDeltasSeen liveDeltas;

    /** The conversation's live {@code message:delta} events, as its other subscribers get them. */
    static final class LiveDeltasSeen {

        final List<ConversationEvent> events = new CopyOnWriteArrayList<>();

        @EventListener
        void on(ConversationEvent event) {
            if ("message:delta".equals(event.name())) {
                events.add(event);
            }
        }
    }

    @TestConfiguration
    static class LiveDeltasConfiguration {

        @Bean
        LiveDeltasSeen liveDeltasSeen() {
            return new LiveDeltasSeen();
        }
    }

    String orgId;
    String userId;
    TestPrincipal user;

    @BeforeEach
    void newUser() throws InterruptedException {
        while (INTEGRATIONS.takeRequest(1, TimeUnit.MILLISECONDS) != null) {
            // forget earlier tests' requests
        }
        orgId = UUID.randomUUID().toString();
        userId = UUID.randomUUID().toString();
        user = IDENTITY.user(userId).member(orgId, "member");
    }

    @Test
    void anAnswerThatCannotBeStoredEndsWithAnErrorFrameNotDone() throws Exception {
        // The database refuses the reply's final write (as during an outage): "done" would promise a stored answer.
        jdbc.sql("""
                CREATE OR REPLACE FUNCTION refuse_unsaveable() RETURNS trigger AS $$
                BEGIN
                    IF NEW.content = 'unsaveable' AND NEW.status <> 'streaming' THEN
                        RAISE EXCEPTION 'refused for the test';
                    END IF;
                    RETURN NEW;
                END $$ LANGUAGE plpgsql""").update();
        jdbc.sql("CREATE TRIGGER refuse_unsaveable BEFORE UPDATE ON messages FOR EACH ROW EXECUTE FUNCTION refuse_unsaveable()")
                .update();
        try {
            INTEGRATIONS.enqueue(stream(frame("{\"content\":\"unsaveable\"}")
                    + frame("{\"done\":true,\"provider\":\"sambanova\",\"model\":\"m-1\",\"finishReason\":\"stop\"}")));

            HttpResponse<String> response = send(user, "{\"content\":\"hello\"}");

            assertThat(response.statusCode()).isEqualTo(200);
            List<JsonNode> frames = frames(response.body());
            JsonNode last = frames.getLast();
            assertThat(last.path("done").isMissingNode()).as("%s", frames).isTrue();
            assertThat(last.path("code").asString()).isEqualTo("unavailable");
            assertThat(last.path("messageId").asString()).isEqualTo(response.headers().firstValue("X-Message-Id").orElseThrow());
            assertThat(jdbc.sql("SELECT status FROM messages WHERE id = :id")
                    .param("id", UUID.fromString(response.headers().firstValue("X-Message-Id").orElseThrow()))
                    .query(String.class).single()).isEqualTo("streaming");
        } finally {
            jdbc.sql("DROP TRIGGER refuse_unsaveable ON messages").update();
        }
    }

    @Test
    void relaysEachFrameAndPersistsBothTurns() throws Exception {
        INTEGRATIONS.enqueue(stream(frame("{\"content\":\"Hi\"}") + frame("{\"content\":\" there\"}")
                + frame("{\"done\":true,\"provider\":\"sambanova\",\"model\":\"m-1\",\"finishReason\":\"stop\","
                        + "\"usage\":{\"promptTokens\":9,\"completionTokens\":2,\"totalTokens\":11},\"requestId\":\"r-1\"}")));

        HttpResponse<String> response = send(user, "{\"content\":\"hello\",\"channel\":\"website-demo\"}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        String conversationId = response.headers().firstValue("X-Conversation-Id").orElseThrow();
        String messageId = response.headers().firstValue("X-Message-Id").orElseThrow();
        List<JsonNode> frames = frames(response.body());
        assertThat(frames).hasSize(3);
        assertThat(frames.get(0).path("content").asString()).isEqualTo("Hi");
        assertThat(frames.get(1).path("content").asString()).isEqualTo(" there");
        JsonNode done = frames.get(2);
        assertThat(done.path("done").asBoolean()).isTrue();
        assertThat(done.path("conversationId").asString()).isEqualTo(conversationId);
        assertThat(done.path("messageId").asString()).isEqualTo(messageId);
        assertThat(done.path("provider").asString()).isEqualTo("sambanova");
        assertThat(done.path("model").asString()).isEqualTo("m-1");
        assertThat(done.path("usage").path("totalTokens").asInt()).isEqualTo(11);

        RecordedRequest call = INTEGRATIONS.takeRequest(5, TimeUnit.SECONDS);
        assertThat(call.getUrl().encodedPath()).isEqualTo("/api/internal/execute");
        assertThat(call.getHeaders().get("Authorization")).startsWith("Bearer ").isNotEqualTo(user.bearer());
        assertThat(call.getHeaders().get("X-Symbia-User-Id")).isEqualTo(userId);
        assertThat(call.getHeaders().get("X-Org-Id")).isEqualTo(orgId);
        JsonNode body = JSON.readTree(call.getBody().utf8());
        assertThat(body.path("stream").asBoolean()).isTrue();
        assertThat(body.path("operation").asString()).isEqualTo("chat.completions");
        assertThat(body.path("params").has("temperature")).as("only what the caller set").isFalse();
        JsonNode messages = body.path("params").path("messages");
        assertThat(messages.get(0).path("role").asString()).isEqualTo("system");
        assertThat(messages.get(0).path("content").asString()).contains("coordinator");
        assertThat(messages.get(messages.size() - 1).path("content").asString()).isEqualTo("hello");

        List<Map<String, Object>> rows = jdbc.sql("""
                SELECT sender_id, content, status, metadata->>'finishReason' AS finish, org_id
                  FROM messages WHERE conversation_id = :id ORDER BY sequence""")
                .param("id", UUID.fromString(conversationId)).query().listOfRows();
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0)).containsEntry("sender_id", userId).containsEntry("content", "hello");
        assertThat(rows.get(1)).containsEntry("sender_id", "assistant:coordinator").containsEntry("content", "Hi there")
                .containsEntry("status", "complete").containsEntry("finish", "stop").containsEntry("org_id", orgId);
        String userMessageId = response.headers().firstValue("X-User-Message-Id").orElseThrow();
        assertThat(jdbc.sql("SELECT reply_to FROM messages WHERE id = :id").param("id", UUID.fromString(messageId))
                .query(UUID.class).single()).isEqualTo(UUID.fromString(userMessageId));
    }

    @Test
    void theReplyGrowsLiveForTheConversationAsItsFramesGoOut() throws Exception {
        INTEGRATIONS.enqueue(stream(frame("{\"content\":\"Hi\"}") + frame("{\"content\":\" there\"}")
                + frame("{\"done\":true,\"provider\":\"sambanova\",\"model\":\"m-1\",\"finishReason\":\"stop\"}")));

        HttpResponse<String> response = send(user, "{\"content\":\"hello\"}");

        assertThat(frames(response.body())).hasSize(3);
        UUID messageId = UUID.fromString(response.headers().firstValue("X-Message-Id").orElseThrow());
        List<Map<?, ?>> deltas = liveDeltas.events.stream().<Map<?, ?>>map(e -> (Map<?, ?>) e.payload())
                .filter(p -> messageId.equals(p.get("messageId"))).toList();
        // The first flush's pieces at once, the rest (within the live interval) with the end: every character once,
        // in order.
        assertThat(deltas).isNotEmpty();
        assertThat(deltas.getFirst().get("offset")).isEqualTo(0);
        assertThat((String) deltas.getFirst().get("content")).startsWith("Hi");
        StringBuilder text = new StringBuilder();
        for (Map<?, ?> delta : deltas) {
            assertThat(delta.get("offset")).isEqualTo(text.length());
            text.append(delta.get("content"));
        }
        assertThat(text).hasToString("Hi there");
    }

    @Test
    void aRefusalFromIntegrationsBecomesAnErrorFrameAndAnIncompleteReply() throws Exception {
        INTEGRATIONS.enqueue(new MockResponse.Builder().code(401).addHeader("Content-Type", "application/problem+json")
                .body("{\"title\":\"No credential\",\"code\":\"unauthenticated\",\"status\":401,"
                        + "\"detail\":\"no credential for sambanova: add one in Settings\"}").build());

        HttpResponse<String> response = send(user, "{\"content\":\"hello\",\"temperature\":0.2}");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode error = frames(response.body()).getLast();
        assertThat(error.path("error").asString()).isEqualTo("No credential");
        assertThat(error.path("code").asString()).isEqualTo("unauthenticated");
        assertThat(error.path("details").asString()).contains("no credential for sambanova");
        String messageId = response.headers().firstValue("X-Message-Id").orElseThrow();
        assertThat(status(messageId)).isEqualTo("incomplete");
        JsonNode body = JSON.readTree(INTEGRATIONS.takeRequest(5, TimeUnit.SECONDS).getBody().utf8());
        assertThat(body.path("params").path("temperature").asDouble()).isEqualTo(0.2);
    }

    @Test
    void aStreamThatStopsWithoutDoneIsAnErrorWithThePartialReplyKept() throws Exception {
        INTEGRATIONS.enqueue(stream(frame("{\"content\":\"Half an\"}")));

        HttpResponse<String> response = send(user, "{\"content\":\"hello\"}");

        List<JsonNode> frames = frames(response.body());
        assertThat(frames.getFirst().path("content").asString()).isEqualTo("Half an");
        assertThat(frames.getLast().has("error")).isTrue();
        String messageId = response.headers().firstValue("X-Message-Id").orElseThrow();
        assertThat(status(messageId)).isEqualTo("incomplete");
        assertThat(content(messageId)).isEqualTo("Half an");
    }

    @Test
    void aConnectionToIntegrationsCutMidStreamIsAnUnavailableErrorWithThePartialReplyKept() throws Exception {
        ScriptedBody cut = new ScriptedBody().write(frame("{\"content\":\"Cut\"}")).write(": ping\n\n")
                .write("data: {\"content\":\" of").cut();
        INTEGRATIONS.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "text/event-stream")
                .addHeader("Transfer-Encoding", "chunked").body(cut)
                .onResponseEnd(new SocketEffect.CloseSocket(true, false, false)).build());

        HttpResponse<String> response = send(user, "{\"content\":\"hello\"}");

        List<JsonNode> frames = frames(response.body());
        assertThat(frames).hasSize(2);
        assertThat(frames.getFirst().path("content").asString()).isEqualTo("Cut");
        assertThat(frames.getLast().path("code").asString()).isEqualTo("unavailable");
        String messageId = response.headers().firstValue("X-Message-Id").orElseThrow();
        assertThat(frames.getLast().path("messageId").asString()).isEqualTo(messageId);
        assertThat(status(messageId)).isEqualTo("incomplete");
        assertThat(content(messageId)).isEqualTo("Cut");
    }

    @Test
    void aCallerThatHangsUpCancelsTheCallToIntegrations() throws Exception {
        ScriptedBody slow = new ScriptedBody().write(frame("{\"content\":\"Once\"}"));
        enqueueHeldOpen(slow);

        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/send"))
                .header("Content-Type", "application/json").header("Authorization", user.bearer())
                .POST(HttpRequest.BodyPublishers.ofString("{\"content\":\"tell me a story\"}")).build();
        CompletableFuture<HttpResponse<java.io.InputStream>> pending =
                HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream());
        HttpResponse<java.io.InputStream> response = pending.get(10, TimeUnit.SECONDS);
        String messageId = response.headers().firstValue("X-Message-Id").orElseThrow();
        byte[] first = response.body().readNBytes(10); // "data: {\"c…": the first delta has arrived
        assertThat(new String(first)).startsWith("data:");
        long hungUp = System.nanoTime();
        response.body().close();
        pending.cancel(true);

        long gone = slow.clientGone().get(10, TimeUnit.SECONDS);
        assertThat(Duration.ofNanos(gone - hungUp)).isLessThan(Duration.ofMillis(1500));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(status(messageId)).isEqualTo("cancelled"));
        assertThat(content(messageId)).isEqualTo("Once");
    }

    @Test
    void aTurnThatCannotBeWrittenCancelsTheCallAlreadyStarted() throws Exception {
        // The call to integrations starts before the turn's writes (they overlap the provider's thinking);
        // when the writes fail, the caller gets a problem and that call is closed, not left running.
        ScriptedBody slow = new ScriptedBody();
        enqueueHeldOpen(slow);
        jdbc.sql("""
                CREATE OR REPLACE FUNCTION refuse_marked_message() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  IF NEW.content = 'refused by the database' THEN RAISE EXCEPTION 'refused for the test'; END IF;
                  RETURN NEW;
                END $$""").update();
        jdbc.sql("CREATE TRIGGER refuse_marked_message BEFORE INSERT ON messages FOR EACH ROW "
                + "EXECUTE FUNCTION refuse_marked_message()").update();
        try {
            HttpResponse<String> response = send(user, "{\"content\":\"refused by the database\"}");

            assertThat(response.statusCode()).isEqualTo(500);
            assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            assertThat(response.body()).doesNotContain("refused for the test").doesNotContain("Exception");
            RecordedRequest call = INTEGRATIONS.takeRequest(2, TimeUnit.SECONDS);
            if (call != null) { // else it was cancelled before it was even sent
                assertThat(slow.clientGone().get(5, TimeUnit.SECONDS)).as("the call to integrations was closed")
                        .isPositive();
            }
            assertThat(jdbc.sql("SELECT count(*) FROM messages WHERE content = 'refused by the database'")
                    .query(Long.class).single()).isZero();
        } finally {
            jdbc.sql("DROP TRIGGER refuse_marked_message ON messages").update();
        }
    }

    @Test
    void aTurnThatWaitedTooLongToBeWrittenIsRefusedWith503AndLeavesNothing() throws Exception {
        // Every write thread is busy (a burst of turns ahead of this one) for longer than write-wait.
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch busy = new CountDownLatch(2);
        List<CompletableFuture<Void>> blockers = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            blockers.add(CompletableFuture.runAsync(() -> writes.runEventually(() -> {
                busy.countDown();
                try {
                    return release.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }), CompletableFuture.delayedExecutor(0, TimeUnit.MILLISECONDS, Thread::startVirtualThread)));
        }
        assertThat(busy.await(10, TimeUnit.SECONDS)).isTrue();
        ScriptedBody slow = new ScriptedBody();
        enqueueHeldOpen(slow);
        HttpResponse<String> refused;
        try {
            refused = send(user, "{\"content\":\"too many at once\"}");
        } finally {
            release.countDown();
            CompletableFuture.allOf(blockers.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        }

        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(refused.headers().firstValue("Retry-After")).contains("1");
        assertThat(JSON.readTree(refused.body()).path("title").asString()).isEqualTo("Service busy");
        RecordedRequest call = INTEGRATIONS.takeRequest(2, TimeUnit.SECONDS);
        if (call != null) { // else it was cancelled before it was even sent
            assertThat(slow.clientGone().get(5, TimeUnit.SECONDS)).as("the call to integrations was closed").isPositive();
        }
        assertThat(jdbc.sql("SELECT count(*) FROM messages WHERE org_id = :org").param("org", orgId)
                .query(Long.class).single()).as("no message, no half-written turn").isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM conversations WHERE org_id = :org").param("org", orgId)
                .query(Long.class).single()).isZero();

        INTEGRATIONS.enqueue(stream(frame("{\"content\":\"ok\"}") + frame("{\"done\":true,\"finishReason\":\"stop\"}")));
        assertThat(send(user, "{\"content\":\"once the burst has passed\"}").statusCode()).isEqualTo(200);
    }

    @Test
    void streamCancelStopsTheReplyInProgress() throws Exception {
        ScriptedBody slow = new ScriptedBody().write(frame("{\"content\":\"Long\"}"));
        enqueueHeldOpen(slow);
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/send"))
                .header("Content-Type", "application/json").header("Authorization", user.bearer())
                .POST(HttpRequest.BodyPublishers.ofString("{\"content\":\"go on forever\"}")).build();
        HttpResponse<java.io.InputStream> response = HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream());
        String conversationId = response.headers().firstValue("X-Conversation-Id").orElseThrow();
        String messageId = response.headers().firstValue("X-Message-Id").orElseThrow();
        assertThat(new String(response.body().readNBytes(6))).isEqualTo("data: ");

        HttpResponse<String> control = HTTP.send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/api/conversations/" + conversationId + "/control"))
                .header("Content-Type", "application/json").header("Authorization", user.bearer())
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"event\":\"stream.cancel\",\"target\":{\"messageId\":\"" + messageId + "\"}}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(control.statusCode()).as(control.body()).isEqualTo(201);

        String rest = new String(response.body().readAllBytes()); // the stream ends by itself
        JsonNode last = frames("data: " + rest).getLast();
        assertThat(last.path("done").asBoolean()).as(rest).isTrue();
        assertThat(last.path("finishReason").asString()).isEqualTo("cancelled");
        assertThat(status(messageId)).isEqualTo("cancelled");
        assertThat(content(messageId)).isEqualTo("Long");
        assertThat(slow.clientGone().get(5, TimeUnit.SECONDS)).as("the call to integrations was closed").isPositive();
    }

    @Test
    void badInputIsRefusedBeforeAnyStream() throws Exception {
        for (String body : List.of("{\"content\":\"\"}", "{\"content\":\"   \"}", "{}", "[]", "not json",
                "{\"content\":\"hi\",\"surprise\":1}", "{\"content\":\"hi\",\"temperature\":5}",
                "{\"content\":\"hi\",\"temperature\":\"0.5\"}", "{\"content\":\"hi\",\"conversationId\":\"nope\"}",
                "{\"content\":\"hi\",\"history\":[{\"role\":\"robot\",\"content\":\"x\"}]}",
                "{\"content\":\"hi\",\"assistant\":\"../etc\"}", "{\"content\":\"hi\",\"maxTokens\":0}",
                "{\"content\":\"" + "x".repeat(32_001) + "\"}")) {
            HttpResponse<String> response = send(user, body);
            assertThat(response.statusCode()).as(body.length() > 80 ? "long content" : body).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        }
        assertThat(INTEGRATIONS.takeRequest(200, TimeUnit.MILLISECONDS)).as("no call to integrations").isNull();
    }

    @Test
    void theWrongPrincipalGetsNoStream() throws Exception {
        INTEGRATIONS.enqueue(stream(frame("{\"done\":true,\"provider\":\"p\",\"model\":\"m\",\"finishReason\":\"stop\"}")));
        HttpResponse<String> mine = send(user, "{\"content\":\"mine\"}");
        String conversationId = mine.headers().firstValue("X-Conversation-Id").orElseThrow();
        INTEGRATIONS.takeRequest(5, TimeUnit.SECONDS);

        TestPrincipal stranger = IDENTITY.user(UUID.randomUUID().toString()).member(UUID.randomUUID().toString(), "admin");
        HttpResponse<String> otherOrg = send(stranger, "{\"content\":\"hi\",\"conversationId\":\"" + conversationId + "\"}");
        assertThat(otherOrg.statusCode()).isEqualTo(404);
        TestPrincipal colleague = IDENTITY.user(UUID.randomUUID().toString()).member(orgId, "member");
        HttpResponse<String> notParticipant = send(colleague,
                "{\"content\":\"hi\",\"conversationId\":\"" + conversationId + "\"}");
        assertThat(notParticipant.statusCode()).isEqualTo(404);
        HttpResponse<String> unknown = send(user, "{\"content\":\"hi\",\"conversationId\":\"" + UUID.randomUUID() + "\"}");
        assertThat(unknown.statusCode()).isEqualTo(404);
        HttpResponse<String> service = send(IDENTITY.service("assistants"), "{\"content\":\"hi\"}");
        assertThat(service.statusCode()).isEqualTo(403);
        HttpResponse<String> anonymous = post("{\"content\":\"hi\"}", Map.of());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        TestPrincipal orgless = IDENTITY.user(UUID.randomUUID().toString());
        assertThat(send(orgless, "{\"content\":\"hi\"}").statusCode()).isEqualTo(400);
        assertThat(INTEGRATIONS.takeRequest(200, TimeUnit.MILLISECONDS)).isNull();
        assertThat(jdbc.sql("SELECT count(*) FROM messages WHERE conversation_id = :id")
                .param("id", UUID.fromString(conversationId)).query(Long.class).single()).isEqualTo(2L);
    }

    // Integrations keeps the stream open for ~10 s after what the test scripted, pinging every 100 ms.
    private static void enqueueHeldOpen(ScriptedBody body) {
        for (int i = 0; i < 100; i++) {
            body.pause(100).write(": ping\n\n");
        }
        INTEGRATIONS.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "text/event-stream")
                .body(body).build());
    }

    private String status(String messageId) {
        return jdbc.sql("SELECT status FROM messages WHERE id = :id").param("id", UUID.fromString(messageId))
                .query(String.class).single();
    }

    private String content(String messageId) {
        return jdbc.sql("SELECT content FROM messages WHERE id = :id").param("id", UUID.fromString(messageId))
                .query(String.class).single();
    }

    private HttpResponse<String> send(TestPrincipal principal, String body) throws Exception {
        return post(body, Map.of("Authorization", principal.bearer()));
    }

    private HttpResponse<String> post(String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/send"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static MockResponse stream(String body) {
        return new MockResponse.Builder().code(200).addHeader("Content-Type", "text/event-stream").body(body).build();
    }

    private static String frame(String json) {
        return "data: " + json + "\n\n";
    }

    private static List<JsonNode> frames(String body) {
        List<JsonNode> frames = new ArrayList<>();
        for (String block : body.split("\n\n")) {
            for (String line : block.split("\n")) {
                if (line.startsWith("data: ")) {
                    frames.add(JSON.readTree(line.substring(6)));
                }
            }
        }
        return frames;
    }
}
