package dev.symbia.integrations.openai;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import tools.jackson.databind.JsonNode;

/**
 * OpenAI's embeddings request. {@code input} is a string, an array of strings, an array of token
 * ids or an array of such arrays (checked by the controller); model ids are {@code provider/model}.
 */
record EmbeddingRequest(
        @NotBlank @Size(max = 300) String model,
        @NotNull JsonNode input,
        @JsonProperty("encoding_format") @Pattern(regexp = "float|base64", message = "must be float or base64")
        String encodingFormat,
        @Positive @Max(100_000) Integer dimensions,
        @Size(max = 256) String user) {
}
