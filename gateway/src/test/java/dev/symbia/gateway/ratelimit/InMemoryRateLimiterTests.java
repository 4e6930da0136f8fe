package dev.symbia.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class InMemoryRateLimiterTests {

    private final AtomicLong clock = new AtomicLong(1_000_000_000L);

    @Test
    void allowsTheBurstThenRefusesWithTheTimeUntilTheNextToken() {
        InMemoryRateLimiter limiter = new InMemoryRateLimiter(3, 2.0, 100, clock::get);

        assertThat(limiter.acquire("a").remaining()).isEqualTo(2);
        assertThat(limiter.acquire("a").remaining()).isEqualTo(1);
        assertThat(limiter.acquire("a").remaining()).isZero();
        RateLimitDecision refused = limiter.acquire("a");

        assertThat(refused.allowed()).isFalse();
        assertThat(refused.retryAfter()).isEqualTo(Duration.ofMillis(500));
        assertThat(refused.retryAfterSeconds()).isEqualTo(1);
    }

    @Test
    void refillsWithTimeAndKeysAreIndependent() {
        InMemoryRateLimiter limiter = new InMemoryRateLimiter(1, 1.0, 100, clock::get);

        assertThat(limiter.acquire("a").allowed()).isTrue();
        assertThat(limiter.acquire("a").allowed()).isFalse();
        assertThat(limiter.acquire("b").allowed()).isTrue();

        advance(Duration.ofMillis(999));
        assertThat(limiter.acquire("a").allowed()).isFalse();
        advance(Duration.ofMillis(1));
        assertThat(limiter.acquire("a").allowed()).isTrue();
    }

    @Test
    void refillNeverExceedsCapacity() {
        InMemoryRateLimiter limiter = new InMemoryRateLimiter(2, 10.0, 100, clock::get);
        limiter.acquire("a");

        advance(Duration.ofHours(1));

        assertThat(limiter.acquire("a").remaining()).isEqualTo(1);
    }

    @Test
    void retryAfterRoundsUpToWholeSeconds() {
        InMemoryRateLimiter limiter = new InMemoryRateLimiter(1, 0.25, 100, clock::get);
        limiter.acquire("a");

        assertThat(limiter.acquire("a").retryAfterSeconds()).isEqualTo(4);
        advance(Duration.ofMillis(3500));
        assertThat(limiter.acquire("a").retryAfterSeconds()).isEqualTo(1);
    }

    @Test
    void idleBucketsAreForgotten() {
        InMemoryRateLimiter limiter = new InMemoryRateLimiter(2, 1.0, 100, clock::get);
        limiter.acquire("a");
        limiter.acquire("b");
        limiter.acquire("b");
        assertThat(limiter.trackedClients()).isEqualTo(2);

        // Both buckets are full again after two seconds; the next call sweeps them.
        advance(Duration.ofSeconds(2));
        limiter.acquire("c");

        assertThat(limiter.trackedClients()).isEqualTo(1);
    }

    @Test
    void memoryStaysBoundedUnderAFloodOfAddresses() {
        InMemoryRateLimiter limiter = new InMemoryRateLimiter(5, 0.001, 100, clock::get);

        for (int i = 0; i < 10_000; i++) {
            limiter.acquire("ip:" + i);
            advance(Duration.ofNanos(1));
        }

        assertThat(limiter.trackedClients()).isLessThanOrEqualTo(100);
        // The most recent client is still tracked: its bucket was not the one dropped.
        assertThat(limiter.acquire("ip:9999").remaining()).isEqualTo(3);
    }

    private void advance(Duration duration) {
        clock.addAndGet(TimeUnit.NANOSECONDS.convert(duration));
    }
}
