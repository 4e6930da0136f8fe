package dev.symbia.integrations.openai;

import static dev.symbia.test.provider.Wire.done;
import static dev.symbia.test.provider.Wire.frame;
import static dev.symbia.test.provider.Wire.sambaFinish;
import static dev.symbia.test.provider.Wire.sambaReply;
import static dev.symbia.test.provider.Wire.sambaRole;
import static dev.symbia.test.provider.Wire.sambaUsage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.UnauthorizedException;
import com.openai.errors.BadRequestException;
import com.openai.errors.PermissionDeniedException;
import com.openai.errors.NotFoundException;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.ResponseFormatJsonObject;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.models.Model;
import dev.symbia.integrations.testing.GatewayTestSupport;
import dev.symbia.test.provider.ScriptedBody;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The official OpenAI Java SDK pointed at this service's {@code /v1} with a platform credential:
 * function calling streamed (assembled by the SDK's own accumulator) and not, the tool result round
 * trip, JSON mode, embeddings, the model list, and {@code NotFoundException} for an unknown model.
 */
class OpenAiSdkTests extends GatewayTestSupport {

    private static final String SAMBA_ID = "sambanova/" + SAMBA_MODEL;

    private OpenAIClient sdk;

    @BeforeEach
    void sdk() {
        sdk = OpenAIOkHttpClient.builder().apiKey(user.token()).baseUrl("http://localhost:" + port + "/v1")
                .maxRetries(0).build();
    }

    private static FunctionDefinition weather() {
        return FunctionDefinition.builder().name("get_weather").description("Weather of a city")
                .parameters(FunctionParameters.builder()
                        .putAdditionalProperty("type", JsonValue.from("object"))
                        .putAdditionalProperty("properties", JsonValue.from(Map.of("city", Map.of("type", "string"))))
                        .putAdditionalProperty("required", JsonValue.from(List.of("city")))
                        .build())
                .build();
    }

    private static String toolChunk(String callJson) {
        return frame("{\"id\":\"chatcmpl-up\",\"object\":\"chat.completion.chunk\",\"created\":1737000000,\"model\":\""
                + SAMBA_MODEL + "\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[" + callJson
                + "]},\"logprobs\":null,\"finish_reason\":null}]}");
    }

    @Test
    void functionCallingStreamedThenToolResultThenAnswer() {
        SAMBANOVA.stream(new ScriptedBody().write(sambaRole(SAMBA_MODEL))
                .write(toolChunk("{\"index\":0,\"id\":\"call_sdk\",\"type\":\"function\",\"function\":"
                        + "{\"name\":\"get_weather\",\"arguments\":\"\"}}"))
                .write(toolChunk("{\"index\":0,\"function\":{\"arguments\":\"{\\\"city\\\":\"}}"))
                .write(toolChunk("{\"index\":0,\"function\":{\"arguments\":\"\\\"Oslo\\\"}\"}}"))
                .write(sambaFinish(SAMBA_MODEL, "tool_calls")).write(sambaUsage(SAMBA_MODEL, 50, 9)).write(done()));
        ChatCompletionCreateParams ask = ChatCompletionCreateParams.builder().model(SAMBA_ID)
                .addUserMessage("Weather in Oslo?").addFunctionTool(weather()).build();

        ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
        try (StreamResponse<ChatCompletionChunk> stream = sdk.chat().completions().createStreaming(ask)) {
            stream.stream().forEach(accumulator::accumulate);
        }
        ChatCompletion streamed = accumulator.chatCompletion();

        ChatCompletion.Choice choice = streamed.choices().getFirst();
        assertThat(choice.finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
        ChatCompletionMessageFunctionToolCall call = choice.message().toolCalls().orElseThrow().getFirst().asFunction();
        assertThat(call.id()).isEqualTo("call_sdk");
        assertThat(call.function().name()).isEqualTo("get_weather");
        assertThat(call.function().arguments()).isEqualTo("{\"city\":\"Oslo\"}");
        JsonNode sent = json(SAMBANOVA.takeRequest().getBody().utf8());
        assertThat(sent.path("tools").path(0).path("function").path("parameters").path("required").path(0).asString())
                .isEqualTo("city");

        // The SDK's own message object goes back into the history, then the tool's result.
        SAMBANOVA.stream(sambaReply(SAMBA_MODEL, true, "Cold: ", "-3 °C."));
        ChatCompletion answer = sdk.chat().completions().create(ask.toBuilder()
                .addMessage(choice.message())
                .addMessage(ChatCompletionToolMessageParam.builder().toolCallId(call.id()).content("{\"temp\":-3}").build())
                .build());

        assertThat(answer.choices().getFirst().message().content()).contains("Cold: -3 °C.");
        JsonNode history = json(SAMBANOVA.takeRequest().getBody().utf8()).path("messages");
        assertThat(history.path(1).path("tool_calls").path(0).path("id").asString()).isEqualTo("call_sdk");
        assertThat(history.path(2).path("role").asString()).isEqualTo("tool");
        assertThat(history.path(2).path("tool_call_id").asString()).isEqualTo("call_sdk");
    }

    @Test
    void functionCallingNotStreamedAndJsonMode() {
        SAMBANOVA.stream(new ScriptedBody().write(sambaRole(SAMBA_MODEL))
                .write(toolChunk("{\"index\":0,\"id\":\"call_1\",\"type\":\"function\",\"function\":"
                        + "{\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"Lima\\\"}\"}}"))
                .write(sambaFinish(SAMBA_MODEL, "tool_calls")).write(done()));

        ChatCompletion completion = sdk.chat().completions().create(ChatCompletionCreateParams.builder().model(SAMBA_ID)
                .addUserMessage("Weather in Lima?").addFunctionTool(weather()).build());

        var call = completion.choices().getFirst().message().toolCalls().orElseThrow().getFirst().asFunction();
        assertThat(call.function().arguments()).isEqualTo("{\"city\":\"Lima\"}");
        assertThat(completion.choices().getFirst().message().content()).isEmpty();

        SAMBANOVA.reset();
        SAMBANOVA.stream(sambaReply(SAMBA_MODEL, true, "{\"city\":", "\"Lima\"}"));
        ChatCompletion json = sdk.chat().completions().create(ChatCompletionCreateParams.builder().model(SAMBA_ID)
                .addUserMessage("Answer in JSON").responseFormat(ResponseFormatJsonObject.builder().build()).build());
        assertThat(json.choices().getFirst().message().content()).contains("{\"city\":\"Lima\"}");
        assertThat(json(SAMBANOVA.takeRequest().getBody().utf8()).path("response_format").path("type").asString())
                .isEqualTo("json_object");
    }

    @Test
    void embeddingsModelsAndNotFound() {
        SAMBANOVA.error(200, "{\"object\":\"list\",\"data\":[{\"object\":\"embedding\",\"index\":0,"
                + "\"embedding\":[0.25,-0.5]}],\"model\":\"E5-Mistral-7B-Instruct\",\"usage\":{\"prompt_tokens\":2,"
                + "\"total_tokens\":2}}");

        CreateEmbeddingResponse embedding = sdk.embeddings().create(EmbeddingCreateParams.builder()
                .model("sambanova/E5-Mistral-7B-Instruct").input("hello")
                .encodingFormat(EmbeddingCreateParams.EncodingFormat.FLOAT).build());

        assertThat(embedding.data().getFirst().embedding()).containsExactly(0.25f, -0.5f);
        assertThat(embedding.model()).isEqualTo("sambanova/E5-Mistral-7B-Instruct");
        assertThat(embedding.usage().promptTokens()).isEqualTo(2);

        SAMBANOVA.models("Qwen3-235B");
        List<String> ids = sdk.models().list().data().stream().map(Model::id).toList();
        assertThat(ids).contains(SAMBA_ID, "sambanova/Qwen3-235B", "local/llama-3-2-1b-instruct-q4-k-m");

        assertThatThrownBy(() -> sdk.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("nope/x").addUserMessage("hi").build()))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("nope/x");
        assertThatThrownBy(() -> sdk.models().retrieve("nope")).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> sdk.chat().completions().create(ChatCompletionCreateParams.builder()
                .model(SAMBA_ID).addUserMessage("hi").logprobs(true).build()))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("logprobs");
        SAMBANOVA.models();
    }

    @Test
    void aModelIsRetrievedByItsProviderSlashModelIdWhichTheSdkSendsEncoded() {
        SAMBANOVA.models(SAMBA_MODEL, "Qwen3-235B");

        Model model = sdk.models().retrieve(SAMBA_ID);

        assertThat(model.id()).isEqualTo(SAMBA_ID);
        assertThat(model.ownedBy()).isEqualTo("sambanova");
        assertThat(sdk.models().retrieve("sambanova/Qwen3-235B").id()).isEqualTo("sambanova/Qwen3-235B");
        assertThatThrownBy(() -> sdk.models().retrieve("sambanova/Not-Offered-1B"))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("sambanova/Not-Offered-1B");
        SAMBANOVA.models();
    }

    @Test
    void theSecurityChainsRefusalsRaiseTheSdksAuthErrorsWithTheReason() {
        OpenAIClient badKey = OpenAIOkHttpClient.builder().apiKey("not-a-token").baseUrl("http://localhost:" + port + "/v1")
                .maxRetries(0).build();
        assertThatThrownBy(() -> badKey.models().list()).isInstanceOf(UnauthorizedException.class)
                .hasMessageContaining("The access token is invalid or expired.");
        assertThatThrownBy(() -> badKey.chat().completions().create(ChatCompletionCreateParams.builder()
                .model(SAMBA_ID).addUserMessage("hi").build()))
                .isInstanceOf(UnauthorizedException.class).hasMessageContaining("invalid or expired");

        OpenAIClient otherOrg = OpenAIOkHttpClient.builder().apiKey(user.token()).baseUrl("http://localhost:" + port + "/v1")
                .putHeader("X-Org-Id", "an-org-the-user-is-not-in").maxRetries(0).build();
        assertThatThrownBy(() -> otherOrg.models().list()).isInstanceOf(PermissionDeniedException.class)
                .hasMessageContaining("Not a member of the organization");
        assertThat(SAMBANOVA.drainChatRequests()).isEmpty();
    }
}
