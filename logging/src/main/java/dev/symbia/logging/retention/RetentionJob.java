package dev.symbia.logging.retention;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Deletes what is past its retention: log entries per stream ({@code retention_days}, else the
 * platform default), metric points per metric, spans and trace summaries after the trace default,
 * and everything of deleted streams and metrics. Deletes go in batches of {@code batchSize} rows
 * picked by {@code ctid}, each its own transaction, so locks stay short and ingest goes on.
 */
@Component
public class RetentionJob {

    private static final Logger log = LoggerFactory.getLogger(RetentionJob.class);

    private final JdbcClient jdbc;
    private final RetentionProperties properties;

    RetentionJob(JdbcClient jdbc, RetentionProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
    }

    /** One full pass; returns the rows deleted per kind. */
    public synchronized Result runOnce() {
        Instant now = Instant.now();
        long logs = 0;
        long points = 0;
        for (Owner stream : owners("log_streams", properties.logDays())) {
            logs += stream.deleted()
                    ? purge("log_entries", "stream_id = :owner", stream.id(), null)
                    : purge("log_entries", "stream_id = :owner AND ts < :cutoff", stream.id(), cutoff(now, stream.days()));
            if (stream.deleted()) {
                jdbc.sql("DELETE FROM log_streams WHERE id = :id AND deleted_at IS NOT NULL").param("id", stream.id()).update();
            }
        }
        for (Owner metric : owners("metrics", properties.metricDays())) {
            points += metric.deleted()
                    ? purge("metric_points", "metric_id = :owner", metric.id(), null)
                    : purge("metric_points", "metric_id = :owner AND ts < :cutoff", metric.id(), cutoff(now, metric.days()));
            if (metric.deleted()) {
                jdbc.sql("DELETE FROM metrics WHERE id = :id AND deleted_at IS NOT NULL").param("id", metric.id()).update();
            }
        }
        OffsetDateTime traceCutoff = cutoff(now, properties.traceDays());
        long spans = purge("spans", "start_time < :cutoff", null, traceCutoff);
        long traces = purge("traces", "end_time < :cutoff", null, traceCutoff);
        Result result = new Result(logs, points, spans, traces);
        if (result.total() > 0) {
            log.info("Retention deleted {} log entries, {} metric points, {} spans, {} traces",
                    logs, points, spans, traces);
        }
        return result;
    }

    private List<Owner> owners(String table, int defaultDays) {
        return jdbc.sql("SELECT id, COALESCE(retention_days, :days) AS days, deleted_at IS NOT NULL AS deleted FROM " + table)
                .param("days", defaultDays)
                .query((rs, n) -> new Owner(rs.getObject("id", UUID.class), rs.getInt("days"), rs.getBoolean("deleted")))
                .list();
    }

    /** Deletes matching rows {@code batchSize} at a time until none are left. */
    private long purge(String table, String condition, UUID owner, OffsetDateTime cutoff) {
        String sql = "DELETE FROM " + table + " WHERE ctid = ANY(ARRAY(SELECT ctid FROM " + table
                + " WHERE " + condition + " LIMIT :batch))";
        long total = 0;
        while (true) {
            var statement = jdbc.sql(sql).param("batch", properties.batchSize());
            if (owner != null) {
                statement = statement.param("owner", owner);
            }
            if (cutoff != null) {
                statement = statement.param("cutoff", cutoff);
            }
            int deleted = statement.update();
            total += deleted;
            if (deleted < properties.batchSize()) {
                return total;
            }
        }
    }

    private static OffsetDateTime cutoff(Instant now, int days) {
        return OffsetDateTime.ofInstant(now.minus(Duration.ofDays(days)), ZoneOffset.UTC);
    }

    private record Owner(UUID id, int days, boolean deleted) {
    }

    /** Rows deleted by one pass. */
    public record Result(long logEntries, long metricPoints, long spans, long traces) {
        public long total() {
            return logEntries + metricPoints + spans + traces;
        }
    }
}
