package dev.symbia.models.openai;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import tools.jackson.databind.JsonNode;

/**
 * OpenAI's legacy completions request: a raw prompt, no chat template.
 *
 * @param prompt a string, or an array holding exactly one string
 */
record CompletionRequest(
        @NotBlank @Size(max = 300) String model,
        @NotNull JsonNode prompt,
        Boolean stream,
        @JsonProperty("stream_options") @Valid ChatCompletionRequest.StreamOptions streamOptions,
        @DecimalMin("0.0") @DecimalMax("2.0") Double temperature,
        @JsonProperty("top_p") @DecimalMin("0.0") @DecimalMax("1.0") Double topP,
        @JsonProperty("max_tokens") @Positive @Max(1_000_000) Integer maxTokens,
        JsonNode stop,
        Long seed,
        @Min(1) @Max(1) Integer n,
        @Size(max = 256) String user) {

    boolean streamed() {
        return Boolean.TRUE.equals(stream);
    }

    boolean includeUsage() {
        return streamOptions != null && Boolean.TRUE.equals(streamOptions.includeUsage());
    }
}
