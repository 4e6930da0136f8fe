package dev.symbia.models.openai;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import tools.jackson.databind.JsonNode;

/** OpenAI's embeddings request; {@code input} is a string or an array of up to 256 strings. */
record EmbeddingRequest(
        @NotBlank @Size(max = 300) String model,
        @NotNull JsonNode input,
        @JsonProperty("encoding_format") @Pattern(regexp = "float", message = "only float is supported")
        String encodingFormat,
        @Size(max = 256) String user) {
}
