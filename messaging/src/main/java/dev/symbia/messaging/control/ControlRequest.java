package dev.symbia.messaging.control;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.Map;
import java.util.UUID;

/** Body of {@code POST /api/conversations/{id}/control} (read strictly: unknown fields are a 400). */
record ControlRequest(
        @NotNull @NotBlank String event,
        @Valid Target target,
        @Size(max = 1000) String reason,
        Map<String, Object> metadata,
        UUID runId,
        @Pattern(regexp = "[A-Za-z0-9._:-]{1,64}", message = "must be 1 to 64 letters, digits or ._:-") String traceId,
        UUID preemptedBy) {

    record Target(
            @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9:._@+-]{0,199}", message = "must be a user id or an agent id") String principalId,
            @Pattern(regexp = "user|agent", message = "must be user or agent") String principalType,
            UUID messageId) {
    }
}
