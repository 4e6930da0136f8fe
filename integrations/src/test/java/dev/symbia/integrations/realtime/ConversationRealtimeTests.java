package dev.symbia.integrations.realtime;

import static dev.symbia.test.provider.Wire.done;
import static dev.symbia.test.provider.Wire.sambaDelta;
import static dev.symbia.test.provider.Wire.sambaFinish;
import static dev.symbia.test.provider.Wire.sambaRole;
import static org.assertj.core.api.Assertions.assertThat;

import dev.symbia.integrations.testing.GatewayTestSupport;
import dev.symbia.test.vendor.VendorFake;
import dev.symbia.relay.testing.RecordingRelay;
import dev.symbia.test.provider.ScriptedBody;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;

/**
 * Conversation events to Supabase Realtime against a fake on its broadcast wire format: messaging's {@code message.new}
 * (delivered on a recording relay, as the network delivers it) and the reply integrations streams for that turn —
 * coalesced deltas (bounded per second), then the final message with the whole text — whichever of the two arrives
 * first; failures retried with backoff; no key in any log line.
 */
@ExtendWith(OutputCaptureExtension.class)
class ConversationRealtimeTests extends GatewayTestSupport {

    private static final String QUESTION = "Say hello";

    @Autowired
    private ConversationRealtime realtime;

    private RecordingRelay network;
    private String conversationId;

    @BeforeEach
    void network() {
        network = new RecordingRelay("integrations");
        realtime.subscribe(network);
        conversationId = UUID.randomUUID().toString();
        SUPABASE.respond(request -> new MockResponse.Builder().code(202).build());
    }

    @Test
    void aTurnAnnouncedBeforeItsReplyStreamsCoalescedDeltasAndTheFinalMessage(CapturedOutput output) throws Exception {
        List<String> pieces = new ArrayList<>();
        ScriptedBody body = new ScriptedBody().write(sambaRole(SAMBA_MODEL));
        for (int i = 0; i < 40; i++) {
            pieces.add("w" + i + " ");
            body.write(sambaDelta(SAMBA_MODEL, "w" + i + " ")).pause(15);
        }
        SAMBANOVA.stream(body.write(sambaFinish(SAMBA_MODEL, "stop")).write(done()));
        network.deliver("message.new", "messaging", messageNew(QUESTION));

        long started = System.nanoTime();
        HttpResponse<String> reply = post("/api/internal/execute", chat(",\"stream\":true", ""));
        long streamedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);

        List<JsonNode> messages = untilFinal();
        JsonNode announced = messages.stream().filter(m -> m.path("event").asString().equals("message.new"))
                .findFirst().orElseThrow();
        assertThat(announced.path("payload").path("message").path("content").asString()).isEqualTo(QUESTION);
        assertThat(messages).allSatisfy(m -> {
            assertThat(m.path("topic").asString()).isEqualTo("conversation:" + conversationId);
            assertThat(m.path("private").asBoolean(false)).isTrue();
        });
        List<JsonNode> deltas = messages.stream().filter(m -> m.path("event").asString().equals("message.delta")).toList();
        // At most one delta per 100 ms of streaming (plus the first), however many pieces the provider sent.
        assertThat(deltas.size()).isGreaterThanOrEqualTo(1).isLessThanOrEqualTo((int) (streamedMillis / 100) + 2)
                .isLessThan(pieces.size());
        StringBuilder streamed = new StringBuilder();
        for (JsonNode delta : deltas) {
            assertThat(delta.path("payload").path("offset").asInt()).isEqualTo(streamed.length());
            streamed.append(delta.path("payload").path("delta").asString());
        }
        JsonNode last = messages.getLast().path("payload");
        assertThat(messages.getLast().path("event").asString()).isEqualTo("message.final");
        assertThat(last.path("content").asString()).isEqualTo(String.join("", pieces)).startsWith(streamed.toString());
        assertThat(last.path("status").asString()).isEqualTo("complete");
        assertThat(last.path("finishReason").asString()).isEqualTo("stop");
        assertThat(last.path("replyTo").asString()).isEqualTo("msg-1");
        assertThat(output.getAll()).doesNotContain(SUPABASE_ENV_KEY);
    }

    @Test
    void aReplyAlreadyStreamingIsMatchedWhenItsTurnIsAnnounced() throws Exception {
        CountDownLatch announced = new CountDownLatch(1);
        SAMBANOVA.stream(new ScriptedBody().write(sambaRole(SAMBA_MODEL)).write(sambaDelta(SAMBA_MODEL, "Hello "))
                .gate(announced).write(sambaDelta(SAMBA_MODEL, "there.")).write(sambaFinish(SAMBA_MODEL, "stop"))
                .write(done()));
        CompletableFuture<HttpResponse<String>> reply = postAsync("/api/internal/execute", chat(",\"stream\":true", ""));
        SAMBANOVA.takeRequest(); // the provider has the call: the reply is streaming

        network.deliver("message.new", "messaging", messageNew(QUESTION));
        announced.countDown();

        assertThat(reply.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        JsonNode last = untilFinal().getLast();
        assertThat(last.path("payload").path("content").asString()).isEqualTo("Hello there.");
        assertThat(last.path("topic").asString()).isEqualTo("conversation:" + conversationId);
    }

    @Test
    void anotherUsersTurnOrAnotherSourceIsNeverMatchedOrBroadcast() throws Exception {
        Map<String, Object> othersTurn = messageNew(QUESTION);
        ((Map<String, Object>) othersTurn.get("message")).put("senderId", UUID.randomUUID().toString());
        network.deliver("message.new", "messaging", othersTurn);
        network.deliver("message.new", "assistants", messageNew(QUESTION)); // only messaging speaks for conversations
        RecordedRequest foreign = SUPABASE.take(); // the other user's message itself is announced
        assertThat(json(foreign.getBody().utf8()).path("messages").get(0).path("event").asString()).isEqualTo("message.new");

        SAMBANOVA.stream(dev.symbia.test.provider.Wire.sambaReply(SAMBA_MODEL, true, "Hi."));
        assertThat(post("/api/internal/execute", chat(",\"stream\":true", "")).statusCode()).isEqualTo(200);

        assertThat(SUPABASE.drain()).as("this user's reply matched no turn of theirs: nothing sent").isZero();
    }

    @Test
    void aFailedBroadcastIsRetriedWithBackoffAndARefusedKeyIsNot(CapturedOutput output) throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        SUPABASE.respond(request -> switch (attempts.getAndIncrement()) {
            case 0 -> VendorFake.response(503, "{\"message\":\"unavailable\"}");
            case 1 -> VendorFake.response(429, "{\"message\":\"Too many requests\"}");
            case 2 -> new MockResponse.Builder().code(202).build();
            default -> VendorFake.response(401, "{\"message\":\"Unauthorized\"}");
        });

        network.deliver("message.new", "messaging", messageNew("first"));
        for (int i = 0; i < 3; i++) {
            assertThat(json(SUPABASE.take().getBody().utf8()).path("messages").get(0).path("payload").path("message")
                    .path("content").asString()).isEqualTo("first");
        }
        network.deliver("message.new", "messaging", messageNew("second"));
        SUPABASE.take();

        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                .until(() -> output.getAll().contains("Supabase broadcast of message.new on conversation:" + conversationId
                        + " dropped"));
        assertThat(SUPABASE.drain()).as("a 401 is not retried").isZero();
        assertThat(attempts.get()).isEqualTo(4);
        assertThat(output.getAll()).doesNotContain(SUPABASE_ENV_KEY);
    }

    private Map<String, Object> messageNew(String content) {
        Map<String, Object> message = new java.util.LinkedHashMap<>();
        message.put("id", "msg-1");
        message.put("senderId", userId);
        message.put("senderType", "user");
        message.put("content", content);
        message.put("contentType", "text");
        message.put("metadata", Map.of("answeredBy", "messaging.chat"));
        Map<String, Object> data = new java.util.LinkedHashMap<>();
        data.put("conversationId", conversationId);
        data.put("orgId", orgId);
        data.put("message", message);
        data.put("assistants", List.of(Map.of("userId", "assistant:default", "key", "default")));
        return data;
    }

    /** Broadcast messages as Supabase received them, until the reply's final one. */
    private List<JsonNode> untilFinal() {
        List<JsonNode> messages = new ArrayList<>();
        while (messages.isEmpty() || !messages.getLast().path("event").asString().equals("message.final")) {
            RecordedRequest request = SUPABASE.take();
            assertThat(request.getUrl().encodedPath()).isEqualTo("/realtime/v1/api/broadcast");
            assertThat(request.getHeaders().get("apikey")).isEqualTo(SUPABASE_ENV_KEY);
            assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + SUPABASE_ENV_KEY);
            json(request.getBody().utf8()).path("messages").forEach(messages::add);
        }
        return messages;
    }

    private CompletableFuture<HttpResponse<String>> postAsync(String path, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        callerHeaders(path).forEach(request::header);
        return HttpClient.newHttpClient().sendAsync(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
