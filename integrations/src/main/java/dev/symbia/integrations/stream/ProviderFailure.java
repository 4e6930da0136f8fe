package dev.symbia.integrations.stream;

import java.time.Duration;

/**
 * A classified provider failure.
 *
 * @param category       what kind of failure
 * @param detail         safe, truncated text for the caller: never headers, keys or raw bodies
 * @param upstreamStatus the provider's HTTP status, 0 when there was none
 * @param retryAfter     how long the provider (or our breaker) asked callers to wait, or null
 */
public record ProviderFailure(ErrorCategory category, String detail, int upstreamStatus, Duration retryAfter) {

    public static ProviderFailure of(ErrorCategory category, String detail) {
        return new ProviderFailure(category, detail, 0, null);
    }
}
