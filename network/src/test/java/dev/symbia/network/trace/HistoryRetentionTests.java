package dev.symbia.network.trace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.symbia.network.NetworkTestSupport;
import dev.symbia.network.config.NetworkProperties;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The history stays bounded: older than the retention goes, and beyond the caps the oldest go, in batches. */
class HistoryRetentionTests extends NetworkTestSupport {

    @Autowired
    JdbcClient jdbc;

    private long count(String table) {
        return jdbc.sql("SELECT count(*) FROM " + table).query(Long.class).single();
    }

    @Test
    void deletesByAgeThenCapsTheCountInBatches() {
        // Start from a known state: this test owns the history tables for its duration.
        jdbc.sql("DELETE FROM traces").update();
        jdbc.sql("DELETE FROM events").update();
        jdbc.sql("DELETE FROM rejections").update();
        jdbc.sql("""
                INSERT INTO events (id, type, source, run_id, boundary, envelope, received_at)
                SELECT 'old-' || g, 't.x', 's', 'r', 'intra', '{}'::json, now() - interval '3 days' - g * interval '1 second'
                FROM generate_series(1, 25) g""").update();
        jdbc.sql("""
                INSERT INTO events (id, type, source, run_id, boundary, envelope, received_at)
                SELECT 'new-' || g, 't.x', 's', 'r', 'intra', '{}'::json, now() - g * interval '1 second'
                FROM generate_series(1, 30) g""").update();
        jdbc.sql("""
                INSERT INTO traces (event_id, run_id, status, hops, total_duration_ms, created_at)
                SELECT 'new-' || g, 'r', 'delivered', '[]'::json, 1, now() - g * interval '1 second'
                FROM generate_series(1, 30) g""").update();
        jdbc.sql("""
                INSERT INTO rejections (reason, channel, received_at)
                SELECT 'bad-signature', 'rest', now() - interval '2 days' FROM generate_series(1, 7)""").update();

        NetworkProperties properties = new NetworkProperties(Duration.ofMinutes(5), new NetworkProperties.Nodes(Duration.ofSeconds(90),
                Duration.ofSeconds(30)), new NetworkProperties.History(Duration.ofDays(1), 20, 10, 100, Duration.ofMinutes(1), 4, Duration.ofMillis(10)),
                new NetworkProperties.Delivery(Duration.ofSeconds(1), Duration.ofSeconds(1), 3, Duration.ofMillis(10), Duration.ofSeconds(1), Duration.ofSeconds(1)));
        int deleted = new HistoryRetention(jdbc, properties).cleanNow();

        assertThat(count("events")).isEqualTo(20);
        assertThat(jdbc.sql("SELECT count(*) FROM events WHERE id LIKE 'old-%'").query(Long.class).single()).isZero();
        // The newest are the ones kept.
        assertThat(jdbc.sql("SELECT min(id) FROM events WHERE id IN ('new-1','new-20')").query(String.class).single()).isEqualTo("new-1");
        assertThat(jdbc.sql("SELECT count(*) FROM events WHERE id = 'new-21'").query(Long.class).single()).isZero();
        assertThat(count("traces")).isEqualTo(10);
        assertThat(count("rejections")).isZero();
        assertThat(deleted).isEqualTo(25 + 10 + 20 + 7);
    }

    @Test
    void retentionShorterThanTwiceTheReplayWindowIsRefused() {
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException().isThrownBy(() -> new NetworkProperties(
                Duration.ofMinutes(5), new NetworkProperties.Nodes(Duration.ofSeconds(90), Duration.ofSeconds(30)),
                new NetworkProperties.History(Duration.ofMinutes(9), 10, 10, 10, Duration.ofMinutes(1), 10, Duration.ofMillis(10)),
                new NetworkProperties.Delivery(Duration.ofSeconds(1), Duration.ofSeconds(1), 3, Duration.ofMillis(10), Duration.ofSeconds(1), Duration.ofSeconds(1))));
    }
}
