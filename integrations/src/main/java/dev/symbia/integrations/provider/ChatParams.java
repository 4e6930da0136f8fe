package dev.symbia.integrations.provider;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * Generation parameters of a chat completion, in the normalised contract. Every optional field
 * stays null unless the caller set it, and only set fields are sent to the provider.
 */
public record ChatParams(
        @Size(min = 1, max = 256) @Pattern(regexp = "[A-Za-z0-9._:/@+-]+", message = "is not a valid model id") String model,
        @NotEmpty @Size(max = 2000) List<@NotNull @Valid ChatMessage> messages,
        @DecimalMin("0.0") @DecimalMax("2.0") Double temperature,
        @Positive @Max(1_000_000) Integer maxTokens,
        @DecimalMin("0.0") @DecimalMax("1.0") Double topP,
        @Size(max = 4) List<@NotNull @Size(min = 1, max = 256) String> stop,
        Long seed) {

    public ChatParams withModel(String newModel) {
        return new ChatParams(newModel, messages, temperature, maxTokens, topP, stop, seed);
    }
}
