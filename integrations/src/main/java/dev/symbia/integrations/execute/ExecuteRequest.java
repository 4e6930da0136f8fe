package dev.symbia.integrations.execute;

import dev.symbia.integrations.provider.ChatParams;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * The normalised execute request: {@code {provider?, operation: "chat.completions", stream?, params}}.
 * Unknown fields are rejected.
 */
record ExecuteRequest(
        @Size(min = 1, max = 64) String provider,
        @NotNull @Pattern(regexp = "chat\\.completions", message = "must be chat.completions") String operation,
        Boolean stream,
        @NotNull @Valid ChatParams params) {

    boolean streamed() {
        return Boolean.TRUE.equals(stream);
    }
}
