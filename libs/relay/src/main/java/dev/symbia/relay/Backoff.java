package dev.symbia.relay;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential reconnect delay with jitter: attempt n waits a random time between half and all of
 * {@code min(max, initial × 2^n)}, so a fleet of relays does not reconnect in lock-step after the
 * network restarts.
 */
final class Backoff {

    private final Duration initial;
    private final Duration max;
    private final RandomGenerator random;

    Backoff(Duration initial, Duration max, RandomGenerator random) {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("need 0 < initial <= max");
        }
        this.initial = initial;
        this.max = max;
        this.random = random;
    }

    Duration delay(int attempt) {
        long ceiling = max.toMillis();
        long base = initial.toMillis();
        for (int i = 0; i < attempt && base < ceiling; i++) {
            base *= 2;
        }
        base = Math.min(base, ceiling);
        long half = base / 2;
        return Duration.ofMillis(half + (long) (random.nextDouble() * (base - half + 1)));
    }
}
