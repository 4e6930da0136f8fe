package dev.symbia.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReconnectsTests {

    private final Reconnects reconnects = Reconnects.of("test", Duration.ofMillis(100), Duration.ofSeconds(2));
    private final IOException refused = new IOException("connection refused");

    @Test
    void waitsLongerAfterEachFailureWithinTheBackoffBoundsUpToTheCap() {
        for (int failure = 1; failure <= 12; failure++) {
            long ceiling = Math.min(2_000, 100L << (failure - 1));
            assertThat(reconnects.failed(refused).toMillis()).as("failure %d", failure).isBetween(ceiling / 2, ceiling);
        }
        assertThat(reconnects.failures()).isEqualTo(12);
    }

    @Test
    void neverGivesUpAndStaysAtTheCap() {
        for (int i = 0; i < 5; i++) {
            reconnects.failed(refused); // 100, 200, 400, 800, 1600 ms: then capped at 2 s
        }
        for (int i = 0; i < 2_000; i++) {
            assertThat(reconnects.failed(refused)).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(2));
        }
    }

    @Test
    void aSuccessStartsTheNextOutageAtTheInitialDelay() {
        for (int i = 0; i < 8; i++) {
            reconnects.failed(refused);
        }
        reconnects.connected();
        assertThat(reconnects.failures()).isZero();
        assertThat(reconnects.failed(refused).toMillis()).isBetween(50L, 100L);
    }

    @Test
    void theOutagesAreCountedOnTheResilience4jRetry() {
        List<String> events = new ArrayList<>();
        reconnects.retry().getEventPublisher().onEvent(event -> events.add(event.getEventType().name()));
        reconnects.failed(refused);
        reconnects.failed(refused);
        reconnects.connected();
        reconnects.connected(); // connected twice: one success

        assertThat(events).containsExactly("RETRY", "RETRY", "SUCCESS");
        assertThat(reconnects.retry().getMetrics().getNumberOfSuccessfulCallsWithRetryAttempt()).isEqualTo(1);
    }
}
