package dev.symbia.models;

import static org.assertj.core.api.Assertions.assertThat;

import dev.symbia.models.inference.ModelManager;
import dev.symbia.models.inference.Turn;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** Chat and text completions against the real tiny model: wire format, determinism, turns, stop and length. */
class ChatCompletionTests extends ModelsTestSupport {

    private static final String GREEDY = "\"temperature\":0,\"seed\":7";

    @Autowired
    ModelManager manager;

    @Test
    void nonStreamedChatIsAChatCompletionObjectAndDeterministicWithSeedAndTemperatureZero() throws Exception {
        String body = chatBody(CHAT, GREEDY + ",\"max_tokens\":12", "Hello there");
        HttpResponse<String> first = post("/v1/chat/completions", body);
        HttpResponse<String> second = post("/v1/chat/completions", body);

        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        JsonNode completion = json(first.body());
        assertThat(completion.path("object").asString()).isEqualTo("chat.completion");
        assertThat(completion.path("id").asString()).startsWith("chatcmpl-");
        assertThat(completion.path("model").asString()).isEqualTo(CHAT);
        assertThat(completion.path("created").asLong()).isPositive();
        JsonNode choice = completion.path("choices").path(0);
        assertThat(choice.path("message").path("role").asString()).isEqualTo("assistant");
        String text = choice.path("message").path("content").asString();
        assertThat(text).isNotBlank();
        assertThat(choice.path("finish_reason").asString()).isEqualTo("length");
        assertThat(completion.path("usage").path("completion_tokens").asInt()).isEqualTo(12);
        assertThat(completion.path("usage").path("total_tokens").asInt()).isEqualTo(
                completion.path("usage").path("prompt_tokens").asInt() + 12);
        assertThat(json(second.body()).path("choices").path(0).path("message").path("content").asString())
                .isEqualTo(text);
    }

    @Test
    void seedTemperatureAndTopPAreHonoured() throws Exception {
        String seeded1 = reply("\"temperature\":1,\"seed\":1,\"max_tokens\":20");
        assertThat(reply("\"temperature\":1,\"seed\":1,\"max_tokens\":20")).isEqualTo(seeded1);
        assertThat(reply("\"temperature\":1,\"seed\":2,\"max_tokens\":20")).isNotEqualTo(seeded1);
        String greedy = reply("\"temperature\":0,\"max_tokens\":20");
        assertThat(seeded1).isNotEqualTo(greedy);
        // a tiny nucleus leaves only the most likely token: sampling at temperature 1 becomes greedy
        assertThat(reply("\"temperature\":1,\"top_p\":0.000001,\"seed\":3,\"max_tokens\":20")).isEqualTo(greedy);
    }

    private String reply(String settings) throws Exception {
        HttpResponse<String> response = post("/v1/chat/completions", chatBody(CHAT, settings, "Sample me"));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response.body()).path("choices").path(0).path("message").path("content").asString();
    }

    @Test
    void everyTurnReachesTheModelThroughItsChatTemplate() throws Exception {
        List<Turn> turns = List.of(new Turn("system", "You are terse."), new Turn("user", "What is the capital of Peru?"),
                new Turn("assistant", "Lima."), new Turn("user", "And its population?"));
        String prompt;
        int promptTokens;
        try (ModelManager.Lease lease = manager.acquire(CHAT)) {
            prompt = lease.model().formatChat(turns);
            promptTokens = lease.model().countTokens(prompt);
        }
        assertThat(prompt).isEqualTo("<|im_start|>system\nYou are terse.<|im_end|>\n"
                + "<|im_start|>user\nWhat is the capital of Peru?<|im_end|>\n"
                + "<|im_start|>assistant\nLima.<|im_end|>\n"
                + "<|im_start|>user\nAnd its population?<|im_end|>\n"
                + "<|im_start|>assistant\n");

        // Over HTTP the same conversation is what the model reads: its prompt is exactly that many tokens.
        String body = "{\"model\":\"" + CHAT + "\",\"max_tokens\":2,\"messages\":["
                + "{\"role\":\"developer\",\"content\":\"You are terse.\"},"
                + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"What is the capital \"},"
                + "{\"type\":\"text\",\"text\":\"of Peru?\"}]},"
                + "{\"role\":\"assistant\",\"content\":\"Lima.\"},{\"role\":\"user\",\"content\":\"And its population?\"}]}";
        HttpResponse<String> response = post("/v1/chat/completions", body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(json(response.body()).path("usage").path("prompt_tokens").asInt()).isEqualTo(promptTokens);
        HttpResponse<String> lastOnly = post("/v1/chat/completions",
                chatBody(CHAT, "\"max_tokens\":2", "And its population?"));
        assertThat(json(lastOnly.body()).path("usage").path("prompt_tokens").asInt()).isLessThan(promptTokens);
    }

    @Test
    void aModelWithoutTemplateUsesTheDocumentedDefault() {
        try (ModelManager.Lease lease = manager.acquire(OTHER)) {
            assertThat(lease.model().formatChat(List.of(new Turn("user", "hi"))))
                    .isEqualTo("<|im_start|>user\nhi<|im_end|>\n<|im_start|>assistant\n");
        }
    }

    @Test
    void streamIsOpenAisWireFormatFrameByFrame() throws Exception {
        String settings = GREEDY + ",\"max_tokens\":8";
        String expected = json(post("/v1/chat/completions", chatBody(CHAT, settings, "Count")).body())
                .path("choices").path(0).path("message").path("content").asString();

        HttpResponse<String> response = post("/v1/chat/completions", chatBody(CHAT,
                settings + ",\"stream\":true,\"stream_options\":{\"include_usage\":true}", "Count"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("text/event-stream"));
        List<String> frames = dataFrames(response.body());
        assertThat(frames.getLast()).isEqualTo("[DONE]");
        List<JsonNode> chunks = new ArrayList<>();
        frames.subList(0, frames.size() - 1).forEach(f -> chunks.add(json(f)));
        String id = chunks.getFirst().path("id").asString();
        assertThat(id).startsWith("chatcmpl-");
        assertThat(chunks).allSatisfy(c -> {
            assertThat(c.path("id").asString()).isEqualTo(id);
            assertThat(c.path("object").asString()).isEqualTo("chat.completion.chunk");
            assertThat(c.path("model").asString()).isEqualTo(CHAT);
            assertThat(c.has("usage")).isTrue();
        });
        JsonNode role = chunks.getFirst().path("choices").path(0);
        assertThat(role.path("delta").path("role").asString()).isEqualTo("assistant");
        assertThat(role.path("finish_reason").isNull()).isTrue();

        JsonNode usageChunk = chunks.getLast();
        assertThat(usageChunk.path("choices").isArray()).isTrue();
        assertThat(usageChunk.path("choices").isEmpty()).isTrue();
        assertThat(usageChunk.path("usage").path("completion_tokens").asInt()).isEqualTo(8);

        JsonNode finish = chunks.get(chunks.size() - 2).path("choices").path(0);
        assertThat(finish.path("finish_reason").asString()).isEqualTo("length");
        assertThat(finish.path("delta").isEmpty()).isTrue();

        StringBuilder text = new StringBuilder();
        for (JsonNode content : chunks.subList(1, chunks.size() - 2)) {
            JsonNode c = content.path("choices").path(0);
            assertThat(c.path("finish_reason").isNull()).isTrue();
            assertThat(content.path("usage").isNull()).isTrue();
            text.append(c.path("delta").path("content").asString());
        }
        assertThat(chunks.size() - 3).isGreaterThan(1); // several content chunks, not one
        assertThat(text.toString()).isEqualTo(expected);
    }

    @Test
    void withoutIncludeUsageThereIsNoUsageChunk() throws Exception {
        List<String> frames = dataFrames(post("/v1/chat/completions",
                chatBody(CHAT, "\"max_tokens\":3,\"stream\":true", "Hi")).body());
        assertThat(frames.getLast()).isEqualTo("[DONE]");
        JsonNode last = json(frames.get(frames.size() - 2));
        assertThat(last.path("choices").path(0).path("finish_reason").asString()).isEqualTo("length");
        assertThat(last.has("usage")).isFalse();
    }

    @Test
    void stopSequencesEndTheReplyBeforeTheStopText() throws Exception {
        String free = json(post("/v1/chat/completions", chatBody(CHAT, GREEDY + ",\"max_tokens\":40", "Tell me")).body())
                .path("choices").path(0).path("message").path("content").asString();
        assertThat(free.length()).isGreaterThan(14);
        String stop = free.substring(10, 13);
        String expected = free.substring(0, free.indexOf(stop));

        JsonNode stopped = json(post("/v1/chat/completions", chatBody(CHAT,
                GREEDY + ",\"max_tokens\":40,\"stop\":[" + JSON.writeValueAsString(stop) + ",\"@@@\"]", "Tell me")).body());
        assertThat(stopped.path("choices").path(0).path("message").path("content").asString()).isEqualTo(expected);
        assertThat(stopped.path("choices").path(0).path("finish_reason").asString()).isEqualTo("stop");
        assertThat(stopped.path("usage").path("completion_tokens").asInt()).isLessThan(40);

        // streamed, the stop text never reaches the caller either
        List<String> frames = dataFrames(post("/v1/chat/completions", chatBody(CHAT,
                GREEDY + ",\"max_tokens\":40,\"stream\":true,\"stop\":" + JSON.writeValueAsString(stop), "Tell me")).body());
        StringBuilder streamed = new StringBuilder();
        String finish = null;
        for (String frame : frames.subList(0, frames.size() - 1)) {
            JsonNode c = json(frame).path("choices").path(0);
            streamed.append(c.path("delta").path("content").asString(""));
            if (!c.path("finish_reason").isNull()) {
                finish = c.path("finish_reason").asString();
            }
        }
        assertThat(streamed.toString()).isEqualTo(expected);
        assertThat(finish).isEqualTo("stop");
    }

    @Test
    void textCompletionsTakeARawPrompt() throws Exception {
        HttpResponse<String> response = post("/v1/completions",
                "{\"model\":\"" + CHAT + "\",\"prompt\":\"Once upon a time\",\"max_tokens\":5," + GREEDY + "}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = json(response.body());
        assertThat(body.path("object").asString()).isEqualTo("text_completion");
        assertThat(body.path("id").asString()).startsWith("cmpl-");
        assertThat(body.path("choices").path(0).path("text").asString()).isNotEmpty();
        assertThat(body.path("choices").path(0).path("finish_reason").asString()).isEqualTo("length");
        assertThat(body.path("usage").path("completion_tokens").asInt()).isEqualTo(5);

        List<String> frames = dataFrames(post("/v1/completions", "{\"model\":\"" + CHAT
                + "\",\"prompt\":[\"Once upon a time\"],\"max_tokens\":5,\"stream\":true," + GREEDY + "}").body());
        assertThat(frames.getLast()).isEqualTo("[DONE]");
        StringBuilder text = new StringBuilder();
        frames.subList(0, frames.size() - 1).forEach(f -> {
            JsonNode chunk = json(f);
            assertThat(chunk.path("object").asString()).isEqualTo("text_completion");
            text.append(chunk.path("choices").path(0).path("text").asString());
        });
        assertThat(text.toString()).isEqualTo(body.path("choices").path(0).path("text").asString());
    }
}
