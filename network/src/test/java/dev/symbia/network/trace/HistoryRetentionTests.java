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

    @Autowired
    EventStore events;

    @Autowired
    TraceStore traces;

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
        // The new events' traces (an event and its trace are one history row, V10).
        jdbc.sql("""
                UPDATE history SET status = 'delivered', hops = '[]'::json, total_duration_ms = 1, created_at = received_at
                WHERE id LIKE 'new-%'""").update();
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
    void aTraceOutlivesItsEventWhenTheTraceCapIsHigherAndReadsStayWhatTheyWere() {
        jdbc.sql("DELETE FROM history").update();
        jdbc.sql("DELETE FROM rejections").update();
        jdbc.sql("""
                INSERT INTO history (id, type, source, run_id, boundary, envelope, received_at, status, hops,
                                     total_duration_ms, created_at)
                SELECT 'kept-' || g, 't.x', 's', 'run-kept', 'intra', '{}'::json, now() - g * interval '1 second',
                       'delivered', '[]'::json, 1, now() - g * interval '1 second'
                FROM generate_series(1, 30) g""").update();
        HistoryRetention retention = new HistoryRetention(jdbc, properties(10, 20));

        // 20 events (kept-11..30) and 10 traces (kept-21..30) pruned; kept-11..20 keep their trace alone.
        assertThat(retention.cleanNow()).isEqualTo(20 + 10);
        assertThat(count("events")).isEqualTo(10);
        assertThat(count("traces")).isEqualTo(20);
        assertThat(count("history")).isEqualTo(20);
        assertThat(events.find("kept-10")).isPresent();
        assertThat(events.find("kept-11")).isEmpty();
        assertThat(events.existsStored("kept-11")).isFalse();
        assertThat(events.ofRun("run-kept", 100)).hasSize(10);
        assertThat(traces.find("kept-11")).hasValueSatisfying(trace -> assertThat(trace.status()).isEqualTo(TraceStatus.DELIVERED));
        assertThat(traces.find("kept-21")).isEmpty();
        assertThat(traces.ofRun("run-kept", 100)).hasSize(20);
        assertThat(traces.countByStatus()).containsEntry(TraceStatus.DELIVERED, 20L);

        // A second pass has nothing left to do; lowering the trace cap below the event cap then takes the
        // trace-only rows whole and clears the traces of the events that stay.
        assertThat(retention.cleanNow()).isZero();
        assertThat(new HistoryRetention(jdbc, properties(10, 5)).cleanNow()).isEqualTo(15);
        assertThat(count("history")).isEqualTo(10);
        assertThat(count("events")).isEqualTo(10);
        assertThat(count("traces")).isEqualTo(5);
        assertThat(traces.find("kept-5")).isPresent();
        assertThat(traces.find("kept-6")).isEmpty();
        assertThat(events.find("kept-6")).isPresent();
    }

    private static NetworkProperties properties(int maxEvents, int maxTraces) {
        return new NetworkProperties(Duration.ofMinutes(5), new NetworkProperties.Nodes(Duration.ofSeconds(90),
                Duration.ofSeconds(30)), new NetworkProperties.History(Duration.ofDays(1), maxEvents, maxTraces, 100,
                Duration.ofMinutes(1), 4, Duration.ofMillis(10)),
                new NetworkProperties.Delivery(Duration.ofSeconds(1), Duration.ofSeconds(1), 3, Duration.ofMillis(10),
                        Duration.ofSeconds(1), Duration.ofSeconds(1)));
    }

    @Test
    void retentionShorterThanTwiceTheReplayWindowIsRefused() {
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException().isThrownBy(() -> new NetworkProperties(
                Duration.ofMinutes(5), new NetworkProperties.Nodes(Duration.ofSeconds(90), Duration.ofSeconds(30)),
                new NetworkProperties.History(Duration.ofMinutes(9), 10, 10, 10, Duration.ofMinutes(1), 10, Duration.ofMillis(10)),
                new NetworkProperties.Delivery(Duration.ofSeconds(1), Duration.ofSeconds(1), 3, Duration.ofMillis(10), Duration.ofSeconds(1), Duration.ofSeconds(1))));
    }
}
