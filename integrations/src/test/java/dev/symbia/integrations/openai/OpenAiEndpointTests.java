package dev.symbia.integrations.openai;

import static dev.symbia.test.provider.Wire.frame;
import static dev.symbia.test.provider.Wire.hfReply;
import static dev.symbia.test.provider.Wire.sambaDelta;
import static dev.symbia.test.provider.Wire.sambaReply;
import static dev.symbia.test.provider.Wire.sambaRole;
import static org.assertj.core.api.Assertions.assertThat;

import dev.symbia.integrations.testing.GatewayTestSupport;
import dev.symbia.test.provider.ScriptedBody;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code /v1/chat/completions} and {@code /v1/models} checked the way an OpenAI SDK reads them:
 * {@code chat.completion} objects, {@code chat.completion.chunk} streams ending in {@code [DONE]},
 * the usage chunk when asked for, errors with an {@code error} member.
 */
class OpenAiEndpointTests extends GatewayTestSupport {

    private static final String SAMBA_ID = "sambanova/" + SAMBA_MODEL;

    @Test
    void nonStreamedCompletionIsAChatCompletionObject() throws Exception {
        SAMBANOVA.stream(sambaReply(SAMBA_MODEL, true, "Hi", "!"));

        HttpResponse<String> response = post("/v1/chat/completions", "{\"model\":\"" + SAMBA_ID + "\",\"messages\":["
                + "{\"role\":\"developer\",\"content\":\"Be terse.\"},"
                + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Say \"},{\"type\":\"text\",\"text\":\"hi\"}]}],"
                + "\"max_completion_tokens\":20,\"user\":\"end-user-7\"}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = json(response.body());
        assertThat(body.path("object").asString()).isEqualTo("chat.completion");
        assertThat(body.path("id").asString()).startsWith("chatcmpl-");
        assertThat(body.path("created").asLong()).isPositive();
        assertThat(body.path("model").asString()).isEqualTo(SAMBA_ID);
        JsonNode choice = body.path("choices").path(0);
        assertThat(choice.path("index").asInt()).isZero();
        assertThat(choice.path("message").path("role").asString()).isEqualTo("assistant");
        assertThat(choice.path("message").path("content").asString()).isEqualTo("Hi!");
        assertThat(choice.path("finish_reason").asString()).isEqualTo("stop");
        assertThat(body.path("usage").path("prompt_tokens").asInt()).isEqualTo(21);
        assertThat(body.path("usage").path("completion_tokens").asInt()).isEqualTo(2);
        assertThat(body.path("usage").path("total_tokens").asInt()).isEqualTo(23);

        JsonNode sent = json(SAMBANOVA.takeRequest().getBody().utf8());
        assertThat(sent.path("model").asString()).isEqualTo(SAMBA_MODEL);
        assertThat(sent.path("messages").path(0).path("role").asString()).isEqualTo("system");
        assertThat(sent.path("messages").path(1).path("content").asString()).isEqualTo("Say hi");
        assertThat(sent.path("max_tokens").asInt()).isEqualTo(20);
        assertThat(usageRows(1).getFirst()).containsEntry("surface", "openai");
    }

    @Test
    void streamReadsLikeOpenAisWithTheUsageChunkAndDone() throws Exception {
        SAMBANOVA.stream(sambaReply(SAMBA_MODEL, true, "One", " two", " three"));

        HttpResponse<String> response = post("/v1/chat/completions", "{\"model\":\"" + SAMBA_ID + "\",\"stream\":true,"
                + "\"stream_options\":{\"include_usage\":true},\"messages\":[{\"role\":\"user\",\"content\":\"Count\"}]}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/event-stream"));
        List<String> frames = dataFrames(response.body());
        assertThat(frames.getLast()).isEqualTo("[DONE]");
        StringBuilder text = new StringBuilder();
        Set<String> ids = new TreeSet<>();
        String finishReason = null;
        JsonNode usage = null;
        List<JsonNode> chunks = new ArrayList<>();
        for (String frame : frames.subList(0, frames.size() - 1)) {
            JsonNode chunk = json(frame);
            chunks.add(chunk);
            assertThat(chunk.path("object").asString()).isEqualTo("chat.completion.chunk");
            assertThat(chunk.path("model").asString()).isEqualTo(SAMBA_ID);
            ids.add(chunk.path("id").asString());
            for (JsonNode choice : chunk.path("choices")) {
                text.append(choice.path("delta").path("content").asString(""));
                if (!choice.path("finish_reason").isNull()) {
                    finishReason = choice.path("finish_reason").asString();
                }
            }
            if (chunk.path("usage").isObject()) {
                usage = chunk.path("usage");
                assertThat(chunk.path("choices")).isEmpty();
            }
        }
        assertThat(chunks.getFirst().path("choices").path(0).path("delta").path("role").asString()).isEqualTo("assistant");
        assertThat(text.toString()).isEqualTo("One two three");
        assertThat(finishReason).isEqualTo("stop");
        assertThat(ids).hasSize(1);
        assertThat(usage).isNotNull();
        assertThat(usage.path("prompt_tokens").asInt()).isEqualTo(21);
        assertThat(usage.path("completion_tokens").asInt()).isEqualTo(3);
        assertThat(usage.path("total_tokens").asInt()).isEqualTo(24);
        assertThat(chunks.getLast().path("usage").isObject()).isTrue();
    }

    @Test
    void streamWithoutIncludeUsageHasNoUsageChunk() throws Exception {
        SAMBANOVA.stream(sambaReply(SAMBA_MODEL, true, "Hi"));

        HttpResponse<String> response = post("/v1/chat/completions", "{\"model\":\"" + SAMBA_ID + "\",\"stream\":true,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");

        List<String> frames = dataFrames(response.body());
        assertThat(frames).hasSize(4).last().isEqualTo("[DONE]");
        assertThat(response.body()).doesNotContain("usage");
    }

    @Test
    void huggingFaceModelIdsKeepTheirRouterSuffix() throws Exception {
        HUGGINGFACE.stream(hfReply(HF_MODEL, true, "Salut"));

        HttpResponse<String> response = post("/v1/chat/completions", "{\"model\":\"huggingface/" + HF_MODEL + ":fastest\","
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response.body()).path("model").asString()).isEqualTo("huggingface/" + HF_MODEL);
        assertThat(json(HUGGINGFACE.takeRequest().getBody().utf8()).path("model").asString()).isEqualTo(HF_MODEL + ":fastest");
    }

    @Test
    void upstreamRateLimitIsA429WithAnOpenAiStyleErrorMember() throws Exception {
        SAMBANOVA.error(429, "{\"error\":{\"message\":\"Rate limit exceeded\"}}", "Retry-After", "9");
        HUGGINGFACE.error(429, "{\"error\":\"Rate limit reached\"}", "Retry-After", "11");

        HttpResponse<String> response = post("/v1/chat/completions", "{\"model\":\"" + SAMBA_ID + "\",\"stream\":true,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");

        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(response.headers().firstValue("Retry-After")).contains("11");
        JsonNode body = json(response.body());
        assertThat(body.path("code").asString()).isEqualTo("rate-limited");
        assertThat(body.path("error").path("type").asString()).isEqualTo("rate_limit_error");
        assertThat(body.path("error").path("message").asString()).contains("Rate limit");
    }

    @Test
    void failureMidStreamIsAnErrorFrameWithoutDone() throws Exception {
        SAMBANOVA.stream(new ScriptedBody().write(sambaRole(SAMBA_MODEL)).write(sambaDelta(SAMBA_MODEL, "Par"))
                .write(frame("{\"error\":{\"message\":\"upstream crashed\",\"type\":\"server_error\"}}")));

        HttpResponse<String> response = post("/v1/chat/completions", "{\"model\":\"" + SAMBA_ID + "\",\"stream\":true,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");

        List<String> frames = dataFrames(response.body());
        assertThat(frames).doesNotContain("[DONE]");
        JsonNode error = json(frames.getLast()).path("error");
        assertThat(error.path("message").asString()).isEqualTo("upstream crashed");
        assertThat(error.path("type").asString()).isEqualTo("api_error");
    }

    @Test
    void modelsListsWhatTheCallerCanUseAsProviderSlashModel() throws Exception {
        HttpResponse<String> response = get("/v1/models");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json(response.body());
        assertThat(body.path("object").asString()).isEqualTo("list");
        List<String> ids = new ArrayList<>();
        for (JsonNode model : body.path("data")) {
            assertThat(model.path("object").asString()).isEqualTo("model");
            assertThat(model.path("owned_by").asString()).isEqualTo(model.path("id").asString().split("/")[0]);
            ids.add(model.path("id").asString());
        }
        assertThat(ids).containsExactly(SAMBA_ID, "huggingface/" + HF_MODEL, "local/llama-3-2-1b-instruct-q4-k-m");
    }
}
