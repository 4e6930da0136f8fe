package dev.symbia.integrations.provider;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Generation parameters of a chat completion, in the normalised contract. Every optional field
 * stays null unless the caller set it, and only set fields are sent to the provider. Tool and
 * response-format values keep OpenAI's shapes ({@link ToolDefinition}, {@link ResponseFormat},
 * {@code toolChoice} as {@code "none"|"auto"|"required"|{type:"function",function:{name}}}).
 *
 * @param n only 1: the gateway answers with one choice
 */
public record ChatParams(
        @Size(min = 1, max = 256) @Pattern(regexp = "[A-Za-z0-9._:/@+-]+", message = "is not a valid model id") String model,
        @NotEmpty @Size(max = 2000) List<@NotNull @Valid ChatMessage> messages,
        @DecimalMin("0.0") @DecimalMax("2.0") Double temperature,
        @Positive @Max(1_000_000) Integer maxTokens,
        @DecimalMin("0.0") @DecimalMax("1.0") Double topP,
        @Size(max = 4) List<@NotNull @Size(min = 1, max = 256) String> stop,
        Long seed,
        @Size(max = 128) List<@NotNull @Valid ToolDefinition> tools,
        JsonNode toolChoice,
        Boolean parallelToolCalls,
        @Valid ResponseFormat responseFormat,
        @Min(value = 1, message = "must be 1: the gateway answers with one choice")
        @Max(value = 1, message = "must be 1: the gateway answers with one choice") Integer n,
        @DecimalMin("-2.0") @DecimalMax("2.0") Double presencePenalty,
        @DecimalMin("-2.0") @DecimalMax("2.0") Double frequencyPenalty,
        @Size(max = 300) Map<String, @NotNull @Min(-100) @Max(100) Integer> logitBias,
        Boolean logprobs,
        @Min(0) @Max(20) Integer topLogprobs,
        @Size(max = 256) String user,
        @Pattern(regexp = "minimal|low|medium|high", message = "must be minimal, low, medium or high")
        String reasoningEffort) {

    /** Only the basic sampling parameters (the rest unset). */
    public ChatParams(String model, List<ChatMessage> messages, Double temperature, Integer maxTokens, Double topP,
            List<String> stop, Long seed) {
        this(model, messages, temperature, maxTokens, topP, stop, seed, null, null, null, null, null, null, null, null,
                null, null, null, null);
    }

    public ChatParams withModel(String newModel) {
        return new ChatParams(newModel, messages, temperature, maxTokens, topP, stop, seed, tools, toolChoice,
                parallelToolCalls, responseFormat, n, presencePenalty, frequencyPenalty, logitBias, logprobs,
                topLogprobs, user, reasoningEffort);
    }

    /**
     * The OpenAI names of the optional features this call uses that not every provider honours
     * (checked against a provider's {@code unsupported-params}).
     */
    public List<String> featuresUsed() {
        List<String> used = new ArrayList<>();
        add(used, "tools", tools != null && !tools.isEmpty());
        add(used, "tool_choice", toolChoice != null && !toolChoice.isNull());
        add(used, "parallel_tool_calls", parallelToolCalls != null);
        add(used, "response_format", responseFormat != null && !"text".equals(responseFormat.type()));
        add(used, "seed", seed != null);
        add(used, "presence_penalty", presencePenalty != null);
        add(used, "frequency_penalty", frequencyPenalty != null);
        add(used, "logit_bias", logitBias != null && !logitBias.isEmpty());
        add(used, "logprobs", Boolean.TRUE.equals(logprobs));
        add(used, "top_logprobs", topLogprobs != null);
        add(used, "user", user != null);
        add(used, "reasoning_effort", reasoningEffort != null);
        add(used, "stop", stop != null && !stop.isEmpty());
        return used;
    }

    private static void add(List<String> used, String name, boolean set) {
        if (set) {
            used.add(name);
        }
    }
}
