package dev.symbia.gateway.ratelimit;

import java.time.Duration;

/**
 * An immutable token-bucket state: {@code tokens} available as of {@code updatedNanos}. Refilling is
 * computed lazily from elapsed time, so an untouched bucket costs nothing.
 */
record TokenBucket(double tokens, long updatedNanos) {

    static TokenBucket full(long capacity, long nowNanos) {
        return new TokenBucket(capacity, nowNanos);
    }

    TokenBucket refilled(long nowNanos, long capacity, double refillPerSecond) {
        long elapsed = Math.max(0, nowNanos - updatedNanos);
        double level = Math.min(capacity, tokens + elapsed * refillPerSecond / 1e9);
        return new TokenBucket(level, Math.max(nowNanos, updatedNanos));
    }

    boolean canTake() {
        return tokens >= 1;
    }

    TokenBucket take() {
        return new TokenBucket(tokens - 1, updatedNanos);
    }

    /** A full bucket is indistinguishable from a missing one, so it can be dropped. */
    boolean isFull(long capacity) {
        return tokens >= capacity;
    }

    Duration timeUntilToken(double refillPerSecond) {
        double missing = Math.max(0, 1 - tokens);
        return Duration.ofNanos((long) Math.ceil(missing / refillPerSecond * 1e9));
    }
}
