package dev.symbia.logging.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class IntervalsTests {

    @Test
    void readsShortAndIsoForms() {
        assertThat(Intervals.parse("500ms")).contains(Duration.ofMillis(500));
        assertThat(Intervals.parse("30s")).contains(Duration.ofSeconds(30));
        assertThat(Intervals.parse("5m")).contains(Duration.ofMinutes(5));
        assertThat(Intervals.parse("1h")).contains(Duration.ofHours(1));
        assertThat(Intervals.parse("1d")).contains(Duration.ofDays(1));
        assertThat(Intervals.parse("PT90S")).contains(Duration.ofSeconds(90));
        assertThat(Intervals.parse("fortnight")).isEmpty();
        assertThat(Intervals.parse("")).isEmpty();
    }
}
