package dev.symbia.models.openai;

import com.fasterxml.jackson.annotation.JsonProperty;
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
import tools.jackson.databind.JsonNode;

/**
 * OpenAI's chat-completions request, as far as a local model can honour it; an unknown argument is a 400.
 *
 * @param stop              a string or an array of up to 4 strings
 * @param frequencyPenalty  accepted for SDK compatibility, must be 0 (llama.cpp's penalties are not OpenAI's)
 * @param presencePenalty   likewise
 */
record ChatCompletionRequest(
        @NotBlank @Size(max = 300) String model,
        @NotEmpty @Size(max = 2000) List<@NotNull @Valid Message> messages,
        Boolean stream,
        @JsonProperty("stream_options") @Valid StreamOptions streamOptions,
        @DecimalMin("0.0") @DecimalMax("2.0") Double temperature,
        @JsonProperty("top_p") @DecimalMin("0.0") @DecimalMax("1.0") Double topP,
        @JsonProperty("max_tokens") @Positive @Max(1_000_000) Integer maxTokens,
        @JsonProperty("max_completion_tokens") @Positive @Max(1_000_000) Integer maxCompletionTokens,
        JsonNode stop,
        Long seed,
        @Min(1) @Max(1) Integer n,
        @Size(max = 256) String user,
        @JsonProperty("frequency_penalty") @DecimalMin("0.0") @DecimalMax("0.0") Double frequencyPenalty,
        @JsonProperty("presence_penalty") @DecimalMin("0.0") @DecimalMax("0.0") Double presencePenalty) {

    /** {@code content} is a string or an array of {@code {"type":"text","text":…}} parts. */
    record Message(
            @NotNull @Pattern(regexp = "system|developer|user|assistant",
                    message = "must be system, developer, user or assistant") String role,
            @NotNull JsonNode content,
            @Size(max = 256) String name) {
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
