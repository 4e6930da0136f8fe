package dev.symbia.messaging.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.symbia.relay.testing.RecordingRelay;
import dev.symbia.test.auth.TestIdentity;
import dev.symbia.test.auth.TestPrincipal;
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
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /api/send} with {@code assistant} naming a rule-driven assistant: the turn goes to that assistant on the
 * network (the relay is a {@link RecordingRelay}; assistants' answer is delivered through it as the network would),
 * its deltas become the caller's frames, its stored answer ends the stream. The assistants service's roster is a
 * MockWebServer on its real {@code GET /api/assistants/{key}}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"INTERNAL_SERVICE_SECRET=${symbia.test.identity.service-secret}",
                "symbia.messaging.chat.liveness-probe=100ms", "symbia.messaging.chat.heartbeat=1s", "symbia.messaging.chat.read-timeout=3s"})
class AssistantChatTests {

    private static final MockWebServer ASSISTANTS = new MockWebServer();
    private static final MockWebServer INTEGRATIONS = new MockWebServer();
    private static final TestIdentity IDENTITY = TestIdentity.shared();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static {
        ASSISTANTS.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                String path = request.getUrl().encodedPath();
                if (path.equals("/api/assistants/helper") || path.equals("/api/assistants/silent")
                        || path.equals("/api/assistants/mute")) {
                    return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
                            .body("{\"key\":\"helper\",\"rulesCount\":2,\"rulesSource\":\"catalog\"}").build();
                }
                return new MockResponse.Builder().code(404).addHeader("Content-Type", "application/problem+json")
                        .body("{\"title\":\"Not Found\",\"status\":404}").build();
            }
        });
        try {
            ASSISTANTS.start();
            INTEGRATIONS.start();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        registry.add("ASSISTANTS_SERVICE_URL", () -> ASSISTANTS.url("/").toString());
        registry.add("INTEGRATIONS_SERVICE_URL", () -> INTEGRATIONS.url("/").toString());
        registry.add("CATALOG_SERVICE_URL", () -> "http://127.0.0.1:9");
    }

    @AfterAll
    static void stop() {
        ASSISTANTS.close();
        INTEGRATIONS.close();
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class RelayDouble {
        @Bean
        RecordingRelay recordingRelay() {
            return new RecordingRelay("messaging");
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    RecordingRelay relay;

    @Autowired
    JdbcClient jdbc;

    String orgId;
    TestPrincipal user;

    @BeforeEach
    void newUser() {
        orgId = UUID.randomUUID().toString();
        user = IDENTITY.user(UUID.randomUUID().toString()).member(orgId, "member");
    }

    @Test
    void theNamedAssistantAnswersAndItsPiecesAreTheStreamsFrames() throws Exception {
        int modelCalls = INTEGRATIONS.getRequestCount();
        CompletableFuture<HttpResponse<String>> chat = send("{\"content\":\"hello {{token}}\",\"assistant\":\"helper\"}");
        JsonNode event = awaitMessageNew("hello {{token}}");
        JsonNode metadata = event.path("message").path("metadata");
        assertThat(metadata.path("addressedTo").asString()).isEqualTo("helper");
        assertThat(metadata.has("answeredBy")).as("assistants must answer this one").isFalse();
        assertThat(event.path("assistants").findValuesAsString("key")).contains("helper");
        String conversationId = event.path("conversationId").asString();
        String replyId = metadata.path("replyMessageId").asString();

        delta(conversationId, replyId, 3, "lo"); // out of order: placed after the first piece
        delta(conversationId, replyId, 0, "Hel");
        delta(conversationId, replyId, 0, "Hel"); // a repeat is ignored
        relay.deliver("message.response", "assistants", Map.of("conversationId", conversationId, "orgId", orgId,
                "assistantKey", "helper", "messageId", replyId, "message", Map.of("content", "Hello!",
                        "metadata", Map.of("assistantKey", "helper"))));

        HttpResponse<String> response = chat.get(20, TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Message-Id")).hasValue(replyId);
        List<JsonNode> frames = frames(response.body());
        assertThat(frames).extracting(f -> f.path("content").asString(null)).containsExactly("Hel", "lo", "!", null);
        assertThat(frames.getLast().path("done").asBoolean()).isTrue();
        assertThat(frames.getLast().path("messageId").asString()).isEqualTo(replyId);
        Map<String, Object> stored = jdbc.sql("SELECT sender_id, content, status FROM messages WHERE id = :id")
                .param("id", UUID.fromString(replyId)).query().singleRow();
        assertThat(stored).containsEntry("sender_id", "assistant:helper").containsEntry("content", "Hello!")
                .containsEntry("status", "complete");
        assertThat(INTEGRATIONS.getRequestCount()).as("no direct model call").isEqualTo(modelCalls);
    }

    @Test
    void anAssistantThatNeverAnswersEndsTheStreamWithATimeoutAndAnIncompleteReply() throws Exception {
        CompletableFuture<HttpResponse<String>> chat = send("{\"content\":\"anyone?\",\"assistant\":\"silent\"}");
        JsonNode event = awaitMessageNew("anyone?");
        String conversationId = event.path("conversationId").asString();
        String replyId = event.path("message").path("metadata").path("replyMessageId").asString();
        delta(conversationId, replyId, 0, "Thinking");

        HttpResponse<String> response = chat.get(20, TimeUnit.SECONDS);
        List<JsonNode> frames = frames(response.body());
        assertThat(frames.getFirst().path("content").asString()).isEqualTo("Thinking");
        assertThat(frames.getLast().path("code").asString()).isEqualTo("timeout");
        await().atMost(Duration.ofSeconds(5)).until(() -> jdbc.sql("SELECT status FROM messages WHERE id = :id")
                .param("id", UUID.fromString(replyId)).query(String.class).single().equals("incomplete"));
    }

    @Test
    void anAssistantThatMayNotAnswerEndsTheStreamAtOnceWithTheReason() throws Exception {
        CompletableFuture<HttpResponse<String>> chat = send("{\"content\":\"are you allowed?\",\"assistant\":\"mute\"}");
        JsonNode event = awaitMessageNew("are you allowed?");
        String conversationId = event.path("conversationId").asString();
        String replyId = event.path("message").path("metadata").path("replyMessageId").asString();
        String reason = "assistant:mute is not granted cap:messaging.write in this organization.";
        // Another org's word, or another node's, about this reply is not taken.
        relay.deliver("message.unanswered", "assistants", Map.of("conversationId", conversationId,
                "orgId", UUID.randomUUID().toString(), "assistantKey", "mute", "messageId", replyId,
                "code", "not_permitted", "reason", reason));
        relay.deliver("message.unanswered", "integrations", Map.of("conversationId", conversationId, "orgId", orgId,
                "assistantKey", "mute", "messageId", replyId, "code", "not_permitted", "reason", reason));
        assertThat(jdbc.sql("SELECT status FROM messages WHERE id = :id").param("id", UUID.fromString(replyId))
                .query(String.class).single()).as("delivered synchronously, and ignored").isEqualTo("streaming");
        assertThat(chat).as("still waiting").isNotDone();

        long told = System.nanoTime();
        relay.deliver("message.unanswered", "assistants", Map.of("conversationId", conversationId, "orgId", orgId,
                "assistantKey", "mute", "messageId", replyId, "code", "not_permitted", "reason", reason));
        HttpResponse<String> response = chat.get(20, TimeUnit.SECONDS);
        assertThat(Duration.ofNanos(System.nanoTime() - told)).as("well before the 3 s silence timeout")
                .isLessThan(Duration.ofMillis(2500));
        assertThat(response.statusCode()).isEqualTo(200);
        List<JsonNode> frames = frames(response.body());
        assertThat(frames).hasSize(1);
        JsonNode error = frames.getFirst();
        assertThat(error.path("code").asString()).isEqualTo("not_permitted");
        assertThat(error.path("error").asString()).isEqualTo("The assistant will not answer");
        assertThat(error.path("details").asString()).isEqualTo(reason);
        assertThat(error.path("messageId").asString()).isEqualTo(replyId);
        Map<String, Object> stored = jdbc.sql("SELECT sender_id, content, status, metadata->'unanswered'->>'code' AS code "
                + "FROM messages WHERE id = :id").param("id", UUID.fromString(replyId)).query().singleRow();
        assertThat(stored).containsEntry("sender_id", "assistant:mute").containsEntry("content", "")
                .containsEntry("status", "incomplete").containsEntry("code", "not_permitted");
    }

    @Test
    void anAssistantWhoseRulesHaveNoAnswerEndsTheStreamAtOnceWithNoReply() throws Exception {
        CompletableFuture<HttpResponse<String>> chat = send("{\"content\":\"say nothing\",\"assistant\":\"silent\"}");
        JsonNode event = awaitMessageNew("say nothing");
        String conversationId = event.path("conversationId").asString();
        String replyId = event.path("message").path("metadata").path("replyMessageId").asString();
        String reason = "assistant:silent's rules have no answer to this message."; // as assistants words it
        relay.deliver("message.unanswered", "assistants", Map.of("conversationId", conversationId, "orgId", orgId,
                "assistantKey", "silent", "messageId", replyId, "code", "no_reply", "reason", reason));

        HttpResponse<String> response = chat.get(20, TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(200);
        List<JsonNode> frames = frames(response.body());
        assertThat(frames).as("no content, one error frame: not the silence timeout").hasSize(1);
        JsonNode error = frames.getFirst();
        assertThat(error.path("code").asString()).isEqualTo("no_reply");
        assertThat(error.path("error").asString()).isEqualTo("The assistant will not answer");
        assertThat(error.path("details").asString()).isEqualTo(reason);
        assertThat(error.path("messageId").asString()).isEqualTo(replyId);
        Map<String, Object> stored = jdbc.sql("SELECT content, status, metadata->'unanswered'->>'code' AS code "
                + "FROM messages WHERE id = :id").param("id", UUID.fromString(replyId)).query().singleRow();
        assertThat(stored).containsEntry("content", "").containsEntry("status", "incomplete")
                .containsEntry("code", "no_reply");
    }

    @Test
    void anAssistantTheAssistantsServiceDoesNotRunIsAnsweredWithItsPromptAsBefore() throws Exception {
        INTEGRATIONS.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "text/event-stream")
                .body("data: {\"content\":\"Plain\"}\n\ndata: {\"done\":true,\"provider\":\"p\",\"model\":\"m\","
                        + "\"finishReason\":\"stop\"}\n\n").build());
        HttpResponse<String> response = send("{\"content\":\"hi\",\"assistant\":\"nobody\"}").get(20, TimeUnit.SECONDS);
        List<JsonNode> frames = frames(response.body());
        assertThat(frames.getFirst().path("content").asString()).isEqualTo("Plain");
        assertThat(frames.getLast().path("done").asBoolean()).isTrue();
        RecordedRequest call = INTEGRATIONS.takeRequest(5, TimeUnit.SECONDS);
        assertThat(call).as("answered by a direct model call").isNotNull();
        assertThat(JSON.readTree(call.getBody().utf8()).path("params").path("messages").get(0).path("content")
                .asString()).contains("nobody");
        RecordedRequest asked;
        do { // other tests asked about their assistants first
            asked = ASSISTANTS.takeRequest(5, TimeUnit.SECONDS);
        } while (asked != null && !asked.getUrl().encodedPath().equals("/api/assistants/nobody"));
        assertThat(asked).isNotNull();
        assertThat(asked.getHeaders().get("X-Org-Id")).isEqualTo(orgId);
        assertThat(asked.getHeaders().get("Authorization")).as("with messaging's service token").startsWith("Bearer ")
                .isNotEqualTo(user.bearer());
    }

    private void delta(String conversationId, String replyId, int offset, String text) {
        relay.deliver("message.delta", "assistants", Map.of("conversationId", conversationId, "orgId", orgId,
                "assistantKey", "helper", "messageId", replyId, "offset", offset, "content", text));
    }

    private JsonNode awaitMessageNew(String content) {
        await().atMost(Duration.ofSeconds(10)).until(() -> relay.published().stream()
                .anyMatch(p -> p.type().equals("message.new") && content.equals(p.data().path("message").path("content")
                        .asString(""))));
        return relay.published().stream().filter(p -> p.type().equals("message.new") && content.equals(
                p.data().path("message").path("content").asString(""))).findFirst().orElseThrow().data();
    }

    private CompletableFuture<HttpResponse<String>> send(String body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/send"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .header("Authorization", user.bearer()).POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }

    private static List<JsonNode> frames(String body) {
        List<JsonNode> frames = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (line.startsWith("data: ")) {
                frames.add(JSON.readTree(line.substring(6)));
            }
        }
        return frames;
    }
}
