package dev.symbia.messaging.chat;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.UUID;

/**
 * Body of {@code POST /api/send} (SPEC §4). {@code channel} is accepted and ignored: the reference website
 * sends it. Content length is checked against {@link ChatProperties#maxContentLength()} by the controller.
 */
record SendRequest(
        @NotBlank String content,
        UUID conversationId,
        @Pattern(regexp = "[a-z0-9][a-z0-9._-]{0,63}", message = "must be an assistant key such as coordinator")
        String assistant,
        @Size(max = 200) List<@Valid @NotNull Turn> history,
        @Pattern(regexp = "[a-z0-9][a-z0-9-]{0,31}", message = "must be a provider name such as sambanova")
        String provider,
        @Size(min = 1, max = 200) String model,
        @DecimalMin("0.0") @DecimalMax("2.0") Double temperature,
        @Positive @Max(131072) Integer maxTokens,
        @Size(max = 100) String channel) {

    /** An earlier turn supplied by the client. */
    record Turn(
            @NotNull @Pattern(regexp = "system|user|assistant", message = "must be system, user or assistant") String role,
            @NotNull String content) {
    }

    List<Turn> historyOrEmpty() {
        return history == null ? List.of() : history;
    }
}
