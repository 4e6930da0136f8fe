package dev.symbia.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.symbia.e2e.support.Account;
import dev.symbia.e2e.support.Gateway;
import dev.symbia.e2e.support.SseClient;
import dev.symbia.e2e.support.StackExtension;
import dev.symbia.e2e.support.SymbiaStack;
import dev.symbia.test.provider.ScriptedBody;
import dev.symbia.test.provider.Wire;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 22's conversation events through the running stack: with {@code SUPABASE_URL} at a fake of Supabase's broadcast
 * API and a {@code supabase} key in the user's vault, a chat turn over {@code /api/messaging/send} reaches topic
 * {@code conversation:<id>} as private broadcasts — the user's message ({@code message.new}, which messaging publishes
 * on the network and integrations receives through the seeded contract), the streamed reply in coalesced deltas,
 * and the final message with the whole text.
 */
@ExtendWith(StackExtension.class)
class ConversationRealtimeIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String MODEL = "Meta-Llama-3.3-70B-Instruct";
    private static final String SUPABASE_KEY = "e2e-supabase-service-key-" + System.nanoTime();

    @Test
    void aChatTurnIsBroadcastOnItsConversationsTopic(SymbiaStack stack, Gateway gateway) throws Exception {
        stack.vendors().respond(request -> request.getUrl().encodedPath().equals("/realtime/v1/api/broadcast")
                ? new MockResponse.Builder().code(202).build() : null);
        // messaging's message events reach integrations through the seeded contract (network V7).
        Account account = Account.register(gateway, "realtime");
        Gateway.Response stored = gateway.post("/api/identity/credentials", "application/json",
                JSON.writeValueAsString(Map.of("provider", "supabase", "name", "supabase e2e", "apiKey", SUPABASE_KEY)),
                "Authorization", account.bearer());
        assertThat(stored.status()).as("%s", stored).isEqualTo(201);

        List<String> pieces = new ArrayList<>();
        ScriptedBody reply = new ScriptedBody().write(Wire.sambaRole(MODEL));
        for (int i = 0; i < 30; i++) {
            pieces.add("token" + i + " ");
            reply.write(Wire.sambaDelta(MODEL, "token" + i + " ")).pause(20);
        }
        stack.provider().stream(reply.write(Wire.sambaFinish(MODEL, "stop")).write(Wire.sambaUsage(MODEL, 9, 30))
                .write(Wire.done()));
        String conversationId;
        try (SseClient chat = SseClient.post(stack.gatewayUrl() + "/api/messaging/send",
                "{\"content\":\"hello realtime\"}", "Authorization", account.bearer())) {
            assertThat(chat.status()).isEqualTo(200);
            conversationId = chat.header("x-conversation-id");
            for (String frame; (frame = chat.next(Duration.ofSeconds(30))) != null; ) {
                if (JSON.readTree(frame).path("done").asBoolean()) {
                    break;
                }
            }
        }
        String topic = "conversation:" + conversationId;

        List<JsonNode> messages = new ArrayList<>();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> {
            messages.clear();
            for (RecordedRequest request : stack.vendors().received()) {
                if (request.getUrl().encodedPath().equals("/realtime/v1/api/broadcast")) {
                    assertThat(request.getHeaders().get("apikey")).isEqualTo(SUPABASE_KEY);
                    JSON.readTree(request.getBody().utf8()).path("messages").forEach(m -> {
                        if (m.path("topic").asString().equals(topic)) {
                            messages.add(m);
                        }
                    });
                }
            }
            return messages.stream().anyMatch(m -> m.path("event").asString().equals("message.new"))
                    && messages.stream().anyMatch(m -> m.path("event").asString().equals("message.final"));
        });
        assertThat(messages).allSatisfy(m -> assertThat(m.path("private").asBoolean(false)).isTrue());
        JsonNode announced = messages.stream().filter(m -> m.path("event").asString().equals("message.new"))
                .findFirst().orElseThrow();
        assertThat(announced.path("payload").path("message").path("content").asString()).isEqualTo("hello realtime");
        JsonNode last = messages.stream().filter(m -> m.path("event").asString().equals("message.final"))
                .findFirst().orElseThrow().path("payload");
        assertThat(last.path("content").asString()).isEqualTo(String.join("", pieces));
        assertThat(last.path("status").asString()).isEqualTo("complete");
        long deltas = messages.stream().filter(m -> m.path("event").asString().equals("message.delta")).count();
        assertThat(deltas).as("coalesced: fewer broadcasts than tokens").isLessThan(pieces.size());
    }
}
