package dev.symbia.gateway.ratelimit;

import java.time.Duration;

/**
 * @param allowed    whether the request may proceed
 * @param remaining  permits left after this one (0 when refused)
 * @param retryAfter when refused, how long until a permit is available; zero when allowed
 */
public record RateLimitDecision(boolean allowed, long remaining, Duration retryAfter) {

    public static RateLimitDecision allow(long remaining) {
        return new RateLimitDecision(true, remaining, Duration.ZERO);
    }

    public static RateLimitDecision deny(Duration retryAfter) {
        return new RateLimitDecision(false, 0, retryAfter);
    }

    /** {@code Retry-After} in whole seconds, rounded up and never 0, so a client that obeys it succeeds. */
    public long retryAfterSeconds() {
        long seconds = retryAfter.toSeconds() + (retryAfter.toNanosPart() > 0 ? 1 : 0);
        return Math.max(1, seconds);
    }
}
