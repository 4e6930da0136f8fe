package dev.symbia.integrations.execute;

import dev.symbia.integrations.provider.Usage;
import java.util.Map;

/**
 * The normalised answer of a non-streamed chat.
 *
 * @param model    the model the provider says it ran (else the one requested)
 * @param metadata requestId, attempts, requestedModel, usageEstimated, credentialSource, ttftMs, durationMs
 */
public record ChatResult(String provider, String model, String content, Usage usage, String finishReason,
        Map<String, Object> metadata) {
}
