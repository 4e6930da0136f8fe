package dev.symbia.network.trace;

import dev.symbia.network.config.NetworkProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps the history bounded: deletes events, traces and rejection records older than the retention,
 * then the oldest beyond the configured counts, in batches so no statement holds locks for long.
 * Replicas may run it concurrently: the deletes are idempotent.
 */
@Component
class HistoryRetention {

    private static final Logger log = LoggerFactory.getLogger(HistoryRetention.class);

    private record Table(String name, String key, String time) {
    }

    private static final Table EVENTS = new Table("events", "id", "received_at");
    private static final Table TRACES = new Table("traces", "event_id", "created_at");
    private static final Table REJECTIONS = new Table("rejections", "id", "received_at");

    private final JdbcClient jdbc;
    private final NetworkProperties.History history;

    HistoryRetention(JdbcClient jdbc, NetworkProperties properties) {
        this.jdbc = jdbc;
        this.history = properties.history();
    }

    @Scheduled(fixedDelayString = "${network.history.cleanup-interval:1m}", initialDelayString = "${network.history.cleanup-interval:1m}")
    void clean() {
        try {
            int deleted = cleanNow();
            if (deleted > 0) {
                log.info("History cleanup deleted {} row(s)", deleted);
            }
        } catch (RuntimeException e) {
            log.warn("History cleanup failed: {}", e.getClass().getSimpleName());
        }
    }

    /** One full pass; returns the number of rows deleted. */
    int cleanNow() {
        int deleted = 0;
        deleted += byAge(EVENTS) + byCount(EVENTS, history.maxEvents());
        deleted += byAge(TRACES) + byCount(TRACES, history.maxTraces());
        deleted += byAge(REJECTIONS) + byCount(REJECTIONS, history.maxRejections());
        return deleted;
    }

    private int byAge(Table table) {
        return repeat("DELETE FROM " + table.name() + " WHERE " + table.key() + " IN (SELECT " + table.key() + " FROM "
                + table.name() + " WHERE " + table.time() + " < now() - make_interval(secs => :seconds) LIMIT :batch)",
                history.retention().toSeconds());
    }

    private int byCount(Table table, int max) {
        return repeat("DELETE FROM " + table.name() + " WHERE " + table.key() + " IN (SELECT " + table.key() + " FROM "
                + table.name() + " ORDER BY " + table.time() + " DESC, " + table.key() + " DESC OFFSET " + max + " LIMIT :batch)",
                -1);
    }

    private int repeat(String sql, long seconds) {
        int total = 0;
        while (true) {
            var statement = jdbc.sql(sql).param("batch", history.batchSize());
            if (seconds >= 0) {
                statement = statement.param("seconds", seconds);
            }
            int deleted = statement.update();
            total += deleted;
            if (deleted < history.batchSize()) {
                return total;
            }
        }
    }
}
