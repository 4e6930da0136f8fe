package dev.symbia.messaging.message;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.Map;
import java.util.UUID;

/** Request bodies of the message endpoints (read strictly: unknown fields are a 400). */
final class MessageRequests {

    private MessageRequests() {
    }

    /** A message to post; {@code id} makes the post idempotent. */
    record Post(
            UUID id,
            @NotNull @NotBlank String content,
            @Pattern(regexp = "[a-z0-9][a-z0-9.+/-]{0,49}", message = "must be a short lower-case type such as text or markdown")
            String contentType,
            UUID replyTo,
            Map<String, Object> metadata,
            UUID runId,
            @Pattern(regexp = "[A-Za-z0-9._:-]{1,64}", message = "must be 1 to 64 letters, digits or ._:-") String traceId,
            @Pattern(regexp = "low|normal|high|critical", message = "must be low, normal, high or critical") String priority,
            Boolean interruptible,
            UUID preemptedBy,
            @Pattern(regexp = "complete|streaming|incomplete|cancelled",
                    message = "must be complete, streaming, incomplete or cancelled") String status) {
    }

    record Edit(@NotNull @NotBlank String content) {
    }
}
