package dev.symbia.integrations.openai;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.symbia.integrations.provider.ResponseFormat;
import dev.symbia.integrations.provider.ToolCall;
import dev.symbia.integrations.provider.ToolDefinition;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The OpenAI chat-completions request. Every documented field the gateway can pass on is accepted
 * ({@link #UNSUPPORTED} lists those it cannot, answered with a 400 that says so); like OpenAI itself,
 * a field that is not part of the API is a 400, never silently dropped.
 *
 * @param model {@code provider/model} (e.g. {@code huggingface/meta-llama/Llama-3.2-3B-Instruct:fastest});
 *              an id without a slash goes to the default provider as it is; an unknown prefix is a 404
 * @param n     only 1 is supported
 */
record CompletionRequest(
        @NotBlank @Size(max = 300) String model,
        @NotEmpty @Size(max = 2000) List<@NotNull @Valid Message> messages,
        Boolean stream,
        @JsonProperty("stream_options") StreamOptions streamOptions,
        @DecimalMin("0.0") @DecimalMax("2.0") Double temperature,
        @JsonProperty("max_tokens") @Positive @Max(1_000_000) Integer maxTokens,
        @JsonProperty("max_completion_tokens") @Positive @Max(1_000_000) Integer maxCompletionTokens,
        @JsonProperty("top_p") @DecimalMin("0.0") @DecimalMax("1.0") Double topP,
        @Size(max = 4) List<@NotNull @Size(min = 1, max = 256) String> stop,
        Long seed,
        @Size(max = 256) String user,
        Integer n,
        List<ToolDefinition> tools,
        @JsonProperty("tool_choice") JsonNode toolChoice,
        @JsonProperty("parallel_tool_calls") Boolean parallelToolCalls,
        @JsonProperty("response_format") ResponseFormat responseFormat,
        @JsonProperty("presence_penalty") Double presencePenalty,
        @JsonProperty("frequency_penalty") Double frequencyPenalty,
        @JsonProperty("logit_bias") Map<String, Integer> logitBias,
        Boolean logprobs,
        @JsonProperty("top_logprobs") Integer topLogprobs,
        @JsonProperty("reasoning_effort") String reasoningEffort) {

    /**
     * Fields of OpenAI's chat API that no provider behind this gateway can honour (audio, predicted
     * outputs, stored completions, the legacy {@code functions}): a clear 400 rather than "unknown field".
     */
    static final Set<String> UNSUPPORTED = Set.of("audio", "modalities", "prediction", "store", "metadata",
            "service_tier", "web_search_options", "functions", "function_call", "verbosity", "prompt_cache_key",
            "safety_identifier");

    /**
     * {@code content} is a string, an array of {@code {"type":"text","text":…}} parts, or null on an
     * assistant message that carries {@code tool_calls}. {@code refusal} and {@code annotations} are
     * what an SDK echoes back when a previous reply is appended to the history; they are not sent on.
     */
    record Message(
            @NotNull @Pattern(regexp = "system|developer|user|assistant|tool",
                    message = "must be system, developer, user, assistant or tool") String role,
            JsonNode content,
            @Size(max = 256) String name,
            @JsonProperty("tool_calls") @Size(max = 128) List<@NotNull @Valid ToolCall> toolCalls,
            @JsonProperty("tool_call_id") @Size(min = 1, max = 256) String toolCallId,
            @Size(max = 100_000) String refusal,
            JsonNode annotations,
            JsonNode audio,
            @JsonProperty("function_call") JsonNode functionCall) {
    }

    record StreamOptions(@JsonProperty("include_usage") Boolean includeUsage) {
    }

    boolean streamed() {
        return Boolean.TRUE.equals(stream);
    }

    boolean includeUsage() {
        return streamOptions != null && Boolean.TRUE.equals(streamOptions.includeUsage());
    }
}
