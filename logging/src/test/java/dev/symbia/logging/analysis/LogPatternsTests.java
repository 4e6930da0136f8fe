package dev.symbia.logging.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogPatternsTests {

    @Test
    void replacesTimesIdsAddressesAndNumbers() {
        assertThat(LogPatterns.normalize("Connection to 10.0.0.5:5432 failed after 3000 ms"))
                .isEqualTo("Connection to [IP] failed after [N] ms");
        assertThat(LogPatterns.normalize("user 550e8400-e29b-41d4-a716-446655440000 at 2026-01-01T10:00:00.123Z"))
                .isEqualTo("user [ID] at [TIMESTAMP]");
        assertThat(LogPatterns.normalize("trace 4bf92f3577b34da6 span 00f067aa0ba902b7 took 12ms"))
                .isEqualTo("trace [ID] span [ID] took [N]ms");
        assertThat(LogPatterns.normalize("  retry   #3  ")).isEqualTo("retry #[N]");
        assertThat(LogPatterns.normalize("cafe is short, deadbeefcafe is an id")).isEqualTo("cafe is short, [ID] is an id");
    }

    @Test
    void patternsAreBounded() {
        assertThat(LogPatterns.normalize("z".repeat(500))).hasSize(LogPatterns.MAX_LENGTH);
        assertThat(LogPatterns.normalize(null)).isEmpty();
    }
}
