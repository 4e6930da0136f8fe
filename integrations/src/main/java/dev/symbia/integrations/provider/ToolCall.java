package dev.symbia.integrations.provider;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * A function call the model asked for, in OpenAI's shape: {@code {id, type: "function", function:
 * {name, arguments}}}, {@code arguments} being the JSON text the model wrote (not parsed here).
 */
public record ToolCall(
        @NotBlank @Size(max = 256) String id,
        @NotNull @Pattern(regexp = "function", message = "must be function") String type,
        @NotNull @Valid Function function) {

    public record Function(@NotBlank @Size(max = 256) String name, @NotNull @Size(max = 1_000_000) String arguments) {
    }
}
