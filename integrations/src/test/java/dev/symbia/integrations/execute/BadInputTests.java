package dev.symbia.integrations.execute;

import static org.assertj.core.api.Assertions.assertThat;

import dev.symbia.integrations.testing.GatewayTestSupport;
import java.net.http.HttpResponse;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/** Bad input to every endpoint is a 400 problem naming the field — never a 500, never a provider call. */
class BadInputTests extends GatewayTestSupport {

    private static final String MESSAGES = "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]";

    static Stream<Arguments> executeBodies() {
        return Stream.of(
                Arguments.of("unknown top-level field", "{\"operation\":\"chat.completions\",\"params\":{" + MESSAGES
                        + "},\"credentialId\":\"x\"}", "credentialId"),
                Arguments.of("unknown param", "{\"operation\":\"chat.completions\",\"params\":{" + MESSAGES
                        + ",\"frequency_penalty\":1}}", "params.frequency_penalty"),
                Arguments.of("tool turn without its call id", "{\"operation\":\"chat.completions\",\"params\":{"
                        + "\"messages\":[{\"role\":\"tool\",\"content\":\"42\"}]}}", "params.messages[0].toolCallId"),
                Arguments.of("toolChoice without tools", "{\"operation\":\"chat.completions\",\"params\":{" + MESSAGES
                        + ",\"toolChoice\":\"required\"}}", "params.toolChoice"),
                Arguments.of("empty messages", "{\"operation\":\"chat.completions\",\"params\":{\"messages\":[]}}",
                        "params.messages"),
                Arguments.of("missing messages", "{\"operation\":\"chat.completions\",\"params\":{}}", "params.messages"),
                Arguments.of("bad role", "{\"operation\":\"chat.completions\",\"params\":{\"messages\":[{\"role\":\"wizard\","
                        + "\"content\":\"Hi\"}]}}", "params.messages[0].role"),
                Arguments.of("temperature too high", "{\"operation\":\"chat.completions\",\"params\":{" + MESSAGES
                        + ",\"temperature\":2.5}}", "params.temperature"),
                Arguments.of("temperature as text", "{\"operation\":\"chat.completions\",\"params\":{" + MESSAGES
                        + ",\"temperature\":\"0.7\"}}", "params.temperature"),
                Arguments.of("zero maxTokens", "{\"operation\":\"chat.completions\",\"params\":{" + MESSAGES
                        + ",\"maxTokens\":0}}", "params.maxTokens"),
                Arguments.of("fractional maxTokens", "{\"operation\":\"chat.completions\",\"params\":{" + MESSAGES
                        + ",\"maxTokens\":1.5}}", "params.maxTokens"),
                Arguments.of("topP above 1", "{\"operation\":\"chat.completions\",\"params\":{" + MESSAGES
                        + ",\"topP\":1.5}}", "params.topP"),
                Arguments.of("content not text", "{\"operation\":\"chat.completions\",\"params\":{\"messages\":[{\"role\":"
                        + "\"user\",\"content\":42}]}}", "params.messages[0].content"),
                Arguments.of("model with a newline", "{\"operation\":\"chat.completions\",\"params\":{" + MESSAGES
                        + ",\"model\":\"evil\\nX-Injected: 1\"}}", "params.model"),
                Arguments.of("unsupported operation", "{\"operation\":\"embeddings\",\"params\":{" + MESSAGES + "}}",
                        "operation"),
                Arguments.of("missing params", "{\"operation\":\"chat.completions\"}", "params"),
                Arguments.of("not an object", "[1,2,3]", null));
    }

    @ParameterizedTest(name = "/api/execute: {0}")
    @MethodSource("executeBodies")
    void publicExecuteRejects(String what, String body, String field) throws Exception {
        assertRejected(post("/api/execute", body), field);
    }

    @ParameterizedTest(name = "/api/internal/execute: {0}")
    @MethodSource("executeBodies")
    void internalExecuteRejects(String what, String body, String field) throws Exception {
        assertRejected(post("/api/internal/execute", body), field);
    }

    static Stream<Arguments> openAiBodies() {
        String model = "\"model\":\"sambanova/" + SAMBA_MODEL + "\"";
        return Stream.of(
                Arguments.of("unknown field", "{" + model + "," + MESSAGES + ",\"logprobz\":true}", "logprobz"),
                Arguments.of("field sambanova does not take", "{" + model + "," + MESSAGES + ",\"logprobs\":true}",
                        "logprobs"),
                Arguments.of("camelCase instead of OpenAI name", "{" + model + "," + MESSAGES + ",\"maxTokens\":5}",
                        "maxTokens"),
                Arguments.of("empty messages", "{" + model + ",\"messages\":[]}", "messages"),
                Arguments.of("bad role", "{" + model + ",\"messages\":[{\"role\":\"wizard\",\"content\":\"x\"}]}",
                        "messages[0].role"),
                Arguments.of("tool message without tool_call_id", "{" + model
                        + ",\"messages\":[{\"role\":\"tool\",\"content\":\"x\"}]}", "messages[0].tool_call_id"),
                Arguments.of("user message without content", "{" + model + ",\"messages\":[{\"role\":\"user\"}]}",
                        "messages[0].content"),
                Arguments.of("tool of an unsupported type", "{" + model + "," + MESSAGES
                        + ",\"tools\":[{\"type\":\"code_interpreter\"}]}", "tools[0].type"),
                Arguments.of("response_format of an unknown type", "{" + model + "," + MESSAGES
                        + ",\"response_format\":{\"type\":\"yaml\"}}", "responseFormat.type"),
                Arguments.of("temperature below 0", "{" + model + "," + MESSAGES + ",\"temperature\":-0.1}", "temperature"),
                Arguments.of("n above 1", "{" + model + "," + MESSAGES + ",\"n\":2}", "n"),
                Arguments.of("image content", "{" + model + ",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":"
                        + "\"image_url\",\"image_url\":{\"url\":\"http://x\"}}]}]}", "messages[0].content"),
                Arguments.of("missing model", "{" + MESSAGES + "}", "model"));
    }

    @ParameterizedTest(name = "/v1/chat/completions: {0}")
    @MethodSource("openAiBodies")
    void openAiCompletionsRejects(String what, String body, String field) throws Exception {
        HttpResponse<String> response = post("/v1/chat/completions", body);
        JsonNode problem = assertRejected(response, field);
        assertThat(problem.path("error").path("type").asString()).isEqualTo("invalid_request_error");
        assertThat(problem.path("error").path("message").asString()).isNotBlank();
    }

    @ParameterizedTest(name = "malformed JSON to {0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"/api/execute", "/api/internal/execute", "/v1/chat/completions"})
    void malformedJsonIs400(String path) throws Exception {
        HttpResponse<String> response = post(path, "{\"operation\": ");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
    }

    private static JsonNode assertRejected(HttpResponse<String> response, String field) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = json(response.body());
        assertThat(problem.path("code").asString()).isEqualTo("validation");
        if (field != null) {
            assertThat(problem.path("errors").toString()).as(response.body()).contains("\"field\":\"" + field + "\"");
        }
        assertThat(SAMBANOVA.drainChatRequests()).isEmpty();
        return problem;
    }
}
