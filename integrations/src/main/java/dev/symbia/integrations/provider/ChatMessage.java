package dev.symbia.integrations.provider;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** One chat turn, in the normalised contract. */
public record ChatMessage(
        @NotNull @Pattern(regexp = "system|user|assistant", message = "must be system, user or assistant") String role,
        @NotNull @Size(max = 1_000_000) String content) {
}
