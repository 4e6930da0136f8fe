package dev.symbia.integrations.openai;

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
 * The OpenAI chat-completions request, restricted to what the gateway can honour. Like OpenAI
 * itself, an unrecognised argument is a 400, never silently dropped.
 *
 * @param model {@code provider/model} (e.g. {@code huggingface/meta-llama/Llama-3.2-3B-Instruct:fastest});
 *              an id without a known provider prefix goes to the default provider as it is
 * @param user  OpenAI's end-user tag: accepted and ignored (the platform knows its caller)
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
        @Min(1) @Max(1) Integer n) {

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
