package dev.symbia.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimitBucketsTests {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final TimeMeter clock = new TimeMeter() {
        @Override
        public long currentTimeNanos() {
            return nanos.get();
        }

        @Override
        public boolean isWallClockBased() {
            return false;
        }
    };

    private RateLimitBuckets buckets(long capacity, double refillPerSecond) {
        return RateLimitBuckets.inMemory(capacity, refillPerSecond, 100, clock);
    }

    private static ConsumptionProbe take(RateLimitBuckets buckets, String key) {
        return buckets.tryConsume(key).block();
    }

    @Test
    void allowsTheBurstThenRefusesWithTheTimeUntilTheNextToken() {
        RateLimitBuckets limiter = buckets(3, 2.0);

        assertThat(take(limiter, "a").getRemainingTokens()).isEqualTo(2);
        assertThat(take(limiter, "a").getRemainingTokens()).isEqualTo(1);
        assertThat(take(limiter, "a").getRemainingTokens()).isZero();
        ConsumptionProbe refused = take(limiter, "a");

        assertThat(refused.isConsumed()).isFalse();
        assertThat(Duration.ofNanos(refused.getNanosToWaitForRefill())).isEqualTo(Duration.ofMillis(500));
        assertThat(RateLimitFilter.retryAfterSeconds(refused)).isEqualTo(1);
    }

    @Test
    void refillsWithTimeAndKeysAreIndependent() {
        RateLimitBuckets limiter = buckets(1, 1.0);

        assertThat(take(limiter, "a").isConsumed()).isTrue();
        assertThat(take(limiter, "a").isConsumed()).isFalse();
        assertThat(take(limiter, "b").isConsumed()).isTrue();

        advance(Duration.ofMillis(999));
        assertThat(take(limiter, "a").isConsumed()).isFalse();
        advance(Duration.ofMillis(1));
        assertThat(take(limiter, "a").isConsumed()).isTrue();
    }

    @Test
    void refillNeverExceedsCapacity() {
        RateLimitBuckets limiter = buckets(2, 10.0);
        take(limiter, "a");

        advance(Duration.ofMinutes(1));

        assertThat(take(limiter, "a").getRemainingTokens()).isEqualTo(1);
    }

    @Test
    void retryAfterRoundsUpToWholeSeconds() {
        RateLimitBuckets limiter = buckets(1, 0.25);
        take(limiter, "a");

        assertThat(RateLimitFilter.retryAfterSeconds(take(limiter, "a"))).isEqualTo(4);
        advance(Duration.ofMillis(3500));
        assertThat(RateLimitFilter.retryAfterSeconds(take(limiter, "a"))).isEqualTo(1);
    }

    @Test
    void idleBucketsAreForgotten() {
        RateLimitBuckets limiter = buckets(2, 1.0);
        take(limiter, "a");
        take(limiter, "b");
        take(limiter, "b");
        assertThat(limiter.trackedClients()).isEqualTo(2);

        // Both buckets are full again after two seconds: nothing is lost by forgetting them.
        advance(Duration.ofSeconds(2));
        take(limiter, "c");

        assertThat(limiter.trackedClients()).isEqualTo(1);
    }

    @Test
    void aBucketInUseIsNotForgotten() {
        RateLimitBuckets limiter = buckets(2, 1.0);
        take(limiter, "a");
        take(limiter, "a");
        advance(Duration.ofMillis(1500));

        assertThat(take(limiter, "a").isConsumed()).as("1.5 tokens back, not a fresh bucket of 2").isTrue();
        assertThat(take(limiter, "a").isConsumed()).isFalse();
    }

    @Test
    void memoryStaysBoundedUnderAFloodOfAddresses() {
        RateLimitBuckets limiter = buckets(5, 0.001);

        for (int i = 0; i < 10_000; i++) {
            take(limiter, "ip:" + i);
            advance(Duration.ofNanos(1));
        }

        assertThat(limiter.trackedClients()).isLessThanOrEqualTo(100);
    }

    @Test
    void fractionalRatesAreExact() {
        assertThat(RateLimitBuckets.configuration(3, 0.001).getBandwidths()[0].getRefillPeriodNanos())
                .isEqualTo(TimeUnit.SECONDS.toNanos(1000));
        assertThat(RateLimitBuckets.configuration(3, 20).getBandwidths()[0].getRefillPeriodNanos())
                .isEqualTo(TimeUnit.MILLISECONDS.toNanos(50));
    }

    private void advance(Duration duration) {
        nanos.addAndGet(duration.toNanos());
    }
}
