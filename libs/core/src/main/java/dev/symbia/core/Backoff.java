package dev.symbia.core;

import io.github.resilience4j.core.IntervalFunction;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The platform's one backoff policy, for every retry and reconnect loop (Resilience4j {@code Retry},
 * the relay's reconnects, the database listener's): attempt n waits a random time between half and
 * all of {@code min(max, initial × 2^(n-1))}. Resilience4j's own randomised backoff stops jittering
 * once it reaches the cap, so a fleet reconnecting after a long outage would knock in lock-step;
 * this "equal jitter" keeps spreading them at the cap too.
 */
public final class Backoff {

    private Backoff() {
    }

    /** Attempts count from 1, as Resilience4j counts them. */
    public static IntervalFunction exponential(Duration initial, Duration max) {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max, got " + initial + " and " + max);
        }
        IntervalFunction ceiling = IntervalFunction.ofExponentialBackoff(initial, 2.0, max);
        return attempt -> {
            long base = ceiling.apply(Math.max(1, attempt));
            long half = base / 2;
            return half + ThreadLocalRandom.current().nextLong(base - half + 1);
        };
    }
}
