package dev.symbia.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resilience4j.core.IntervalFunction;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BackoffTests {

    private final IntervalFunction backoff = Backoff.exponential(Duration.ofSeconds(1), Duration.ofSeconds(30));

    @Test
    void doublesWithJitterUpToTheCap() {
        for (int attempt = 1; attempt <= 12; attempt++) {
            long ceiling = Math.min(30_000, 1000L << (attempt - 1));
            for (int i = 0; i < 50; i++) {
                assertThat(backoff.apply(attempt)).as("attempt %d", attempt).isBetween(ceiling / 2, ceiling);
            }
        }
    }

    @Test
    void keepsJitteringAtTheCapSoAFleetDoesNotReconnectInLockStep() {
        Set<Long> delays = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            delays.add(backoff.apply(1000));
        }
        assertThat(delays).hasSizeGreaterThan(10).allMatch(d -> d >= 15_000 && d <= 30_000);
    }

    @Test
    void refusesANonsensicalPolicy() {
        assertThatThrownBy(() -> Backoff.exponential(Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Backoff.exponential(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
