package dev.symbia.integrations.openai;

import static dev.symbia.test.provider.Wire.done;
import static dev.symbia.test.provider.Wire.frame;
import static dev.symbia.test.provider.Wire.sambaFinish;
import static dev.symbia.test.provider.Wire.sambaReply;
import static dev.symbia.test.provider.Wire.sambaRole;
import static dev.symbia.test.provider.Wire.sambaUsage;
import static org.assertj.core.api.Assertions.assertThat;

import dev.symbia.integrations.testing.GatewayTestSupport;
import dev.symbia.test.provider.ScriptedBody;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Function calling on {@code /v1/chat/completions} against a provider on OpenAI's wire format: tools
 * and tool_choice forwarded, streamed {@code delta.tool_calls} fragments passed through as OpenAI
 * sends them (index, id and name once, arguments in pieces), assembled for non-streamed callers,
 * and the {@code role: "tool"} round trip back to a final answer.
 */
class OpenAiToolsTests extends GatewayTestSupport {

    private static final String SAMBA_ID = "sambanova/" + SAMBA_MODEL;
    private static final String TOOLS = "[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
            + "\"description\":\"Weather of a city\",\"parameters\":{\"type\":\"object\",\"properties\":"
            + "{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}}}]";

    /** A tool-call chunk as OpenAI streams it. */
    private static String toolChunk(String callJson) {
        return frame("{\"id\":\"chatcmpl-up\",\"object\":\"chat.completion.chunk\",\"created\":1737000000,\"model\":\""
                + SAMBA_MODEL + "\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[" + callJson
                + "]},\"logprobs\":null,\"finish_reason\":null}]}");
    }

    private static ScriptedBody streamedToolCall() {
        return new ScriptedBody().write(sambaRole(SAMBA_MODEL))
                .write(toolChunk("{\"index\":0,\"id\":\"call_abc\",\"type\":\"function\",\"function\":"
                        + "{\"name\":\"get_weather\",\"arguments\":\"\"}}"))
                .write(toolChunk("{\"index\":0,\"function\":{\"arguments\":\"{\\\"ci\"}}"))
                .write(toolChunk("{\"index\":0,\"function\":{\"arguments\":\"ty\\\": \\\"Par\"}}"))
                .write(toolChunk("{\"index\":0,\"function\":{\"arguments\":\"is\\\"}\"}}"))
                .write(sambaFinish(SAMBA_MODEL, "tool_calls"))
                .write(sambaUsage(SAMBA_MODEL, 80, 12))
                .write(done());
    }

    @Test
    void streamedToolCallRoundTripEndsInAFinalAnswer() throws Exception {
        SAMBANOVA.stream(streamedToolCall());

        HttpResponse<String> first = post("/v1/chat/completions", "{\"model\":\"" + SAMBA_ID + "\",\"stream\":true,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Weather in Paris?\"}],\"tools\":" + TOOLS
                + ",\"tool_choice\":\"auto\",\"parallel_tool_calls\":false}");

        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        List<String> frames = dataFrames(first.body());
        assertThat(frames.getLast()).isEqualTo("[DONE]");
        // Assemble the way an SDK does: by index, id/name from the fragment that has them, arguments appended.
        Map<Integer, String[]> calls = new TreeMap<>();
        int ids = 0;
        int names = 0;
        String finishReason = null;
        for (String frame : frames.subList(0, frames.size() - 1)) {
            JsonNode choice = json(frame).path("choices").path(0);
            for (JsonNode call : choice.path("delta").path("tool_calls")) {
                String[] acc = calls.computeIfAbsent(call.path("index").asInt(), i -> new String[] {null, null, ""});
                if (call.has("id")) {
                    ids++;
                    acc[0] = call.path("id").asString();
                    assertThat(call.path("type").asString()).isEqualTo("function");
                }
                if (call.path("function").has("name")) {
                    names++;
                    acc[1] = call.path("function").path("name").asString();
                }
                acc[2] += call.path("function").path("arguments").asString("");
            }
            if (choice.path("finish_reason").isString()) {
                finishReason = choice.path("finish_reason").asString();
            }
        }
        assertThat(calls).hasSize(1);
        assertThat(calls.get(0)).containsExactly("call_abc", "get_weather", "{\"city\": \"Paris\"}");
        assertThat(ids).isEqualTo(1);
        assertThat(names).isEqualTo(1);
        assertThat(finishReason).isEqualTo("tool_calls");

        JsonNode sent = json(SAMBANOVA.takeRequest().getBody().utf8());
        assertThat(sent.path("tools").path(0).path("function").path("name").asString()).isEqualTo("get_weather");
        assertThat(sent.path("tools").path(0).path("function").path("parameters").path("required").path(0).asString())
                .isEqualTo("city");
        assertThat(sent.path("tool_choice").asString()).isEqualTo("auto");
        assertThat(sent.path("parallel_tool_calls").asBoolean()).isFalse();

        // The tool's result goes back with the assistant's call in the history; the model answers.
        SAMBANOVA.stream(sambaReply(SAMBA_MODEL, true, "Sunny, ", "22 °C."));
        HttpResponse<String> second = post("/v1/chat/completions", "{\"model\":\"" + SAMBA_ID + "\",\"messages\":["
                + "{\"role\":\"user\",\"content\":\"Weather in Paris?\"},"
                + "{\"role\":\"assistant\",\"content\":null,\"refusal\":null,\"tool_calls\":[{\"id\":\"call_abc\","
                + "\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\": \\\"Paris\\\"}\"}}]},"
                + "{\"role\":\"tool\",\"tool_call_id\":\"call_abc\",\"content\":\"{\\\"temp\\\":22,\\\"sky\\\":\\\"sunny\\\"}\"}],"
                + "\"tools\":" + TOOLS + "}");

        assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
        JsonNode answer = json(second.body()).path("choices").path(0);
        assertThat(answer.path("message").path("content").asString()).isEqualTo("Sunny, 22 °C.");
        assertThat(answer.path("finish_reason").asString()).isEqualTo("stop");
        JsonNode history = json(SAMBANOVA.takeRequest().getBody().utf8()).path("messages");
        assertThat(history.path(1).path("role").asString()).isEqualTo("assistant");
        assertThat(history.path(1).has("content")).isTrue();
        assertThat(history.path(1).path("content").isNull()).isTrue();
        assertThat(history.path(1).has("refusal")).isFalse();
        assertThat(history.path(1).path("tool_calls").path(0).path("function").path("arguments").asString())
                .isEqualTo("{\"city\": \"Paris\"}");
        assertThat(history.path(2).path("role").asString()).isEqualTo("tool");
        assertThat(history.path(2).path("tool_call_id").asString()).isEqualTo("call_abc");
        assertThat(usageRows(2)).hasSize(2);
    }

    @Test
    void nonStreamedToolCallsAreAssembledIncludingParallelCallsSentWhole() throws Exception {
        // Some servers send each call whole in one chunk; two parallel calls here, the second without an index.
        SAMBANOVA.stream(new ScriptedBody().write(sambaRole(SAMBA_MODEL))
                .write(toolChunk("{\"index\":0,\"id\":\"call_1\",\"type\":\"function\",\"function\":"
                        + "{\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}}"))
                .write(toolChunk("{\"index\":1,\"id\":\"call_2\",\"type\":\"function\",\"function\":"
                        + "{\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"Rome\\\"}\"}}"))
                .write(sambaFinish(SAMBA_MODEL, "tool_calls")).write(done()));

        HttpResponse<String> response = post("/v1/chat/completions", "{\"model\":\"" + SAMBA_ID + "\",\"messages\":["
                + "{\"role\":\"user\",\"content\":\"Paris and Rome?\"}],\"tools\":" + TOOLS
                + ",\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"get_weather\"}}}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode choice = json(response.body()).path("choices").path(0);
        assertThat(choice.path("finish_reason").asString()).isEqualTo("tool_calls");
        assertThat(choice.path("message").path("content").isNull()).isTrue();
        JsonNode calls = choice.path("message").path("tool_calls");
        assertThat(calls).hasSize(2);
        assertThat(calls.path(0).path("id").asString()).isEqualTo("call_1");
        assertThat(calls.path(1).path("id").asString()).isEqualTo("call_2");
        assertThat(calls.path(1).path("type").asString()).isEqualTo("function");
        assertThat(calls.path(1).path("function").path("arguments").asString()).isEqualTo("{\"city\":\"Rome\"}");
        assertThat(json(SAMBANOVA.takeRequest().getBody().utf8()).path("tool_choice").path("function").path("name")
                .asString()).isEqualTo("get_weather");
    }

    @Test
    void normalisedContractCarriesToolsInAndToolCallsOut() throws Exception {
        SAMBANOVA.stream(streamedToolCall());

        HttpResponse<String> streamed = post("/api/internal/execute", chat(",\"stream\":true", ",\"tools\":" + TOOLS
                + ",\"toolChoice\":\"required\""));

        assertThat(streamed.statusCode()).as(streamed.body()).isEqualTo(200);
        List<JsonNode> toolFrames = new ArrayList<>();
        JsonNode doneFrame = null;
        for (String frame : dataFrames(streamed.body())) {
            JsonNode node = json(frame);
            if (node.has("toolCall")) {
                toolFrames.add(node.path("toolCall"));
            }
            if (node.path("done").asBoolean()) {
                doneFrame = node;
            }
        }
        assertThat(toolFrames.getFirst().path("id").asString()).isEqualTo("call_abc");
        assertThat(toolFrames.getFirst().path("name").asString()).isEqualTo("get_weather");
        StringBuilder arguments = new StringBuilder();
        toolFrames.forEach(f -> arguments.append(f.path("arguments").asString()));
        assertThat(arguments.toString()).isEqualTo("{\"city\": \"Paris\"}");
        assertThat(doneFrame).isNotNull();
        assertThat(doneFrame.path("finishReason").asString()).isEqualTo("tool_calls");
        assertThat(json(SAMBANOVA.takeRequest().getBody().utf8()).path("tool_choice").asString()).isEqualTo("required");

        SAMBANOVA.stream(sambaReply(SAMBA_MODEL, true, "Sunny."));
        HttpResponse<String> result = post("/api/internal/execute", "{\"operation\":\"chat.completions\",\"params\":{"
                + "\"tools\":" + TOOLS + ",\"messages\":[{\"role\":\"user\",\"content\":\"Weather?\"},"
                + "{\"role\":\"assistant\",\"toolCalls\":[{\"id\":\"call_abc\",\"type\":\"function\","
                + "\"function\":{\"name\":\"get_weather\",\"arguments\":\"{}\"}}]},"
                + "{\"role\":\"tool\",\"tool_call_id\":\"call_abc\",\"content\":\"sunny\"}]}}");
        assertThat(result.statusCode()).as(result.body()).isEqualTo(200);
        assertThat(json(result.body()).path("content").asString()).isEqualTo("Sunny.");
        JsonNode history = json(SAMBANOVA.takeRequest().getBody().utf8()).path("messages");
        assertThat(history.path(1).path("tool_calls").path(0).path("id").asString()).isEqualTo("call_abc");
        assertThat(history.path(2).path("tool_call_id").asString()).isEqualTo("call_abc");

        SAMBANOVA.stream(streamedToolCall());
        HttpResponse<String> whole = post("/api/execute", chat("", ",\"tools\":" + TOOLS));
        assertThat(whole.statusCode()).as(whole.body()).isEqualTo(200);
        JsonNode call = json(whole.body()).path("toolCalls").path(0);
        assertThat(call.path("id").asString()).isEqualTo("call_abc");
        assertThat(call.path("function").path("name").asString()).isEqualTo("get_weather");
        assertThat(call.path("function").path("arguments").asString()).isEqualTo("{\"city\": \"Paris\"}");
    }

    @Test
    void toolMessagesAreCheckedLikeOpenAiChecksThem() throws Exception {
        HttpResponse<String> noCallId = post("/v1/chat/completions", "{\"model\":\"" + SAMBA_ID + "\",\"messages\":["
                + "{\"role\":\"tool\",\"content\":\"42\"}]}");
        assertThat(noCallId.statusCode()).isEqualTo(400);
        assertThat(json(noCallId.body()).path("error").path("param").asString()).isEqualTo("messages[0].tool_call_id");
        assertThat(json(noCallId.body()).path("error").path("type").asString()).isEqualTo("invalid_request_error");

        HttpResponse<String> badChoice = post("/v1/chat/completions", "{\"model\":\"" + SAMBA_ID + "\",\"messages\":["
                + "{\"role\":\"user\",\"content\":\"x\"}],\"tools\":" + TOOLS
                + ",\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"nope\"}}}");
        assertThat(badChoice.statusCode()).isEqualTo(400);
        assertThat(badChoice.body()).contains("tool_choice");

        HttpResponse<String> badTool = post("/v1/chat/completions", "{\"model\":\"" + SAMBA_ID + "\",\"messages\":["
                + "{\"role\":\"user\",\"content\":\"x\"}],\"tools\":[{\"type\":\"retrieval\"}]}");
        assertThat(badTool.statusCode()).isEqualTo(400);
        assertThat(badTool.body()).doesNotContain("Exception");
        assertThat(SAMBANOVA.drainChatRequests()).isEmpty();
    }
}
