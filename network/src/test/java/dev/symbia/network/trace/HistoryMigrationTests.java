package dev.symbia.network.trace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.symbia.test.postgres.TestDatabase;
import dev.symbia.test.postgres.TestPostgres;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * V10 merges the event and trace tables into one history row per event and keeps what was stored: an event
 * with its trace, an event whose trace was already pruned and a trace whose event was, each readable through
 * the {@code events} and {@code traces} views exactly as before.
 */
class HistoryMigrationTests {

    @Test
    void existingEventsAndTracesBecomeOneRowEachAndReadTheSame() {
        TestDatabase database = TestPostgres.freshDatabase();
        // The service's own schema, as libs/db sets it up (Flyway creates it; the service's SQL runs in it).
        String url = database.jdbcUrl() + (database.jdbcUrl().contains("?") ? "&" : "?") + "currentSchema=network";
        DriverManagerDataSource source = new DriverManagerDataSource(url, database.username(), database.password());
        JdbcClient jdbc = JdbcClient.create(source);
        Flyway.configure().dataSource(source).schemas("network").target("9").load().migrate();

        jdbc.sql("""
                INSERT INTO events (id, type, source, target, run_id, boundary, envelope, received_at) VALUES
                  ('both', 'a.b', 'src', 'dst', 'run-1', 'intra', '{"id":"both"}', '2026-12-01 10:00:00+00'),
                  ('event-only', 'a.c', 'src', NULL, 'run-1', 'inter', '{"id":"event-only"}', '2026-12-01 10:00:01+00')""")
                .update();
        jdbc.sql("""
                INSERT INTO traces (event_id, run_id, status, error, hops, total_duration_ms, created_at) VALUES
                  ('both', 'run-1', 'delivered', NULL, '[{"node":"dst"}]', 3, '2026-12-01 10:00:00.002+00'),
                  ('trace-only', 'run-2', 'error', 'boom', '[]', 7, '2026-12-01 09:59:00+00')""")
                .update();

        Flyway.configure().dataSource(source).schemas("network").load().migrate();

        assertThat(jdbc.sql("SELECT count(*) FROM history").query(Long.class).single()).isEqualTo(3);
        List<Map<String, Object>> events = jdbc.sql("""
                SELECT id, type, source, target, run_id, boundary, envelope::text AS envelope, received_at::text AS at
                FROM events ORDER BY id""").query().listOfRows();
        assertThat(events).containsExactly(
                row("id", "both", "type", "a.b", "source", "src", "target", "dst", "run_id", "run-1", "boundary", "intra",
                        "envelope", "{\"id\":\"both\"}", "at", "2026-12-01 10:00:00+00"),
                row("id", "event-only", "type", "a.c", "source", "src", "target", null, "run_id", "run-1", "boundary", "inter",
                        "envelope", "{\"id\":\"event-only\"}", "at", "2026-12-01 10:00:01+00"));
        List<Map<String, Object>> traces = jdbc.sql("""
                SELECT event_id, run_id, status, error, hops::text AS hops, total_duration_ms, created_at::text AS at
                FROM traces ORDER BY event_id""").query().listOfRows();
        assertThat(traces).containsExactly(
                row("event_id", "both", "run_id", "run-1", "status", "delivered", "error", null, "hops", "[{\"node\":\"dst\"}]",
                        "total_duration_ms", 3, "at", "2026-12-01 10:00:00.002+00"),
                row("event_id", "trace-only", "run_id", "run-2", "status", "error", "error", "boom", "hops", "[]",
                        "total_duration_ms", 7, "at", "2026-12-01 09:59:00+00"));
        // The old time indexes' replacement serves the newest-first walks (pruning, the replay guard's preload).
        assertThat(jdbc.sql("SELECT count(*) FROM pg_indexes WHERE schemaname = 'network' AND tablename = 'history'").query(Long.class).single())
                .isEqualTo(3);
    }

    private static Map<String, Object> row(Object... pairs) {
        Map<String, Object> row = new java.util.LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            row.put((String) pairs[i], pairs[i + 1]);
        }
        return row;
    }
}
