package dev.symbia.integrations.usage;

import dev.symbia.integrations.stream.Usage;
import java.time.Instant;

/**
 * One chat call as accounted: who, which provider/model, how it ended, tokens and timings.
 *
 * @param surface          which endpoint: execute, internal or openai
 * @param model            the model requested (the price-table key)
 * @param servedModel      the model the provider says it ran, when it said
 * @param credentialOrigin user, org, env or none
 * @param errorCategory    the failure category, null on success
 * @param usageEstimated   true when tokens were counted locally because the provider sent no usage
 * @param ttftMillis       time to the first content delta, null when none arrived
 */
public record UsageRecord(String orgId, String userId, String requestId, String surface, String provider,
        String model, String servedModel, String credentialOrigin, boolean streamed, Outcome outcome,
        String errorCategory, String finishReason, Usage usage, boolean usageEstimated, int attempts,
        Long ttftMillis, long durationMillis, Instant startedAt) {
}
