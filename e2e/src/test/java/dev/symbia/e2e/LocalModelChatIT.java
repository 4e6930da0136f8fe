package dev.symbia.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.symbia.e2e.support.Account;
import dev.symbia.e2e.support.Gateway;
import dev.symbia.e2e.support.SseClient;
import dev.symbia.e2e.support.StackExtension;
import dev.symbia.e2e.support.SymbiaStack;
import dev.symbia.models.TinyGguf;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 19's "done when" through the running stack: a GGUF file dropped into the models directory
 * ({@code $SYMBIA_HOME/models} under start.sh), a rescan through the gateway, the model listed at the gateway's
 * {@code /v1/models} beside the remote ones, and a two-turn chat over {@code POST /api/messaging/send} with
 * {@code provider: "local"} whose tokens stream from llama.cpp — the second turn's prompt carrying the first.
 * The model is the tiny one the models tests write ({@link TinyGguf}); its answers are noise, so the test checks
 * the path and the prompt sizes, not the words.
 */
@ExtendWith(StackExtension.class)
class LocalModelChatIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration FRAME_WAIT = Duration.ofSeconds(60);
    private static final String MODEL = "e2e-tiny";

    @Test
    void aDroppedInModelIsListedAndChatsOverSeveralTurns(SymbiaStack stack, Gateway gateway) throws Exception {
        TinyGguf.write(stack.home().resolve("models").resolve("E2E_Tiny.gguf"), 11);
        Account account = Account.register(gateway, "local-model");

        Gateway.Response rescan = gateway.post("/api/models/rescan", "application/json", "",
                "Authorization", account.bearer());
        assertThat(rescan.status()).as("%s", rescan).isEqualTo(200);
        assertThat(rescan.json().path("added").toString()).contains(MODEL);

        Gateway.Response models = gateway.get("/v1/models", "Authorization", account.bearer());
        assertThat(models.status()).as("%s", models).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        models.json().path("data").forEach(m -> ids.add(m.path("id").asString()));
        assertThat(ids).contains("local/" + MODEL);

        JsonNode first = chat(stack, account, "{\"content\":\"What is the capital of Peru?\",\"provider\":\"local\","
                + "\"model\":\"" + MODEL + "\",\"maxTokens\":6,\"temperature\":0}");
        String conversationId = first.path("conversationId").asString();
        JsonNode second = chat(stack, account, "{\"content\":\"And its population?\",\"conversationId\":\""
                + conversationId + "\",\"provider\":\"local\",\"model\":\"" + MODEL + "\",\"maxTokens\":6,"
                + "\"temperature\":0}");

        // The second prompt holds the first question, the first answer and the new question: it is longer than
        // the first prompt plus the first answer.
        assertThat(second.path("usage").path("promptTokens").asInt()).isGreaterThan(
                first.path("usage").path("promptTokens").asInt() + first.path("usage").path("completionTokens").asInt());
    }

    /** Sends one turn, checks that content streams before the done frame, and returns the done frame. */
    private static JsonNode chat(SymbiaStack stack, Account account, String body) throws Exception {
        try (SseClient chat = SseClient.post(stack.gatewayUrl() + "/api/messaging/send", body,
                "Authorization", "Bearer " + account.token())) {
            assertThat(chat.status()).isEqualTo(200);
            int contentFrames = 0;
            for (String frame; (frame = chat.next(FRAME_WAIT)) != null; ) {
                JsonNode event = JSON.readTree(frame);
                assertThat(event.has("error")).as(frame).isFalse();
                if (event.path("done").asBoolean()) {
                    assertThat(contentFrames).as("tokens streamed one by one").isGreaterThan(1);
                    assertThat(event.path("provider").asString()).isEqualTo("local");
                    assertThat(event.path("model").asString()).contains(MODEL);
                    return event;
                }
                if (event.has("content")) {
                    contentFrames++;
                }
            }
            throw new AssertionError("the stream ended without a done frame");
        }
    }
}
