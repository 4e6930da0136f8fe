package dev.symbia.network.trace;

import dev.symbia.network.config.NetworkProperties;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps the history bounded, off the delivery path and in small steps (issue 26): each pass finds, per table, one
 * cutoff time — the retention's, or the receive time of the newest row beyond the cap when that is later (one
 * index probe) — then deletes what is older in batches of {@code batch-size} rows, oldest first, each batch
 * resuming where the last ended so none rescans what the previous ones deleted. Runs every
 * {@code cleanup-interval} (default 10 s), so under load a pass deletes about what arrived since the last one
 * instead of a minute's worth. Rows with the same receive time as the newest one beyond a cap go too, so at most
 * the cap stays. Replicas may run it concurrently: the deletes are idempotent.
 */
@Component
class HistoryRetention {

    private static final Logger log = LoggerFactory.getLogger(HistoryRetention.class);

    private record Table(String name, String time) {
    }

    private static final Table EVENTS = new Table("events", "received_at");
    private static final Table TRACES = new Table("traces", "created_at");
    private static final Table REJECTIONS = new Table("rejections", "received_at");

    private static final OffsetDateTime EPOCH = OffsetDateTime.of(1970, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);

    private final JdbcClient jdbc;
    private final NetworkProperties.History history;

    HistoryRetention(JdbcClient jdbc, NetworkProperties properties) {
        this.jdbc = jdbc;
        this.history = properties.history();
    }

    @Scheduled(fixedDelayString = "${symbia.network.history.cleanup-interval:10s}", initialDelayString = "${symbia.network.history.cleanup-interval:10s}")
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
        return prune(EVENTS, history.maxEvents()) + prune(TRACES, history.maxTraces())
                + prune(REJECTIONS, history.maxRejections());
    }

    private int prune(Table table, int max) {
        OffsetDateTime cutoff = jdbc.sql("SELECT now() - make_interval(secs => :seconds)")
                .param("seconds", history.retention().toSeconds()).query(OffsetDateTime.class).single();
        // The newest row beyond the cap: everything older than it goes (an index-only walk of max + 1 entries).
        OffsetDateTime beyondCap = jdbc.sql("SELECT " + table.time() + " FROM " + table.name() + " ORDER BY "
                        + table.time() + " DESC OFFSET :max LIMIT 1")
                .param("max", max).query(OffsetDateTime.class).optional().orElse(null);
        if (beyondCap != null && beyondCap.isAfter(cutoff)) {
            // It and everything older (timestamps are in microseconds): at most the newest max rows stay.
            cutoff = beyondCap.plusNanos(1000);
        }
        // Batches by physical row id, oldest first; each starts after the last one's newest time.
        String delete = "WITH doomed AS (SELECT ctid, " + table.time() + " AS t FROM " + table.name() + " WHERE "
                + table.time() + " < :cutoff AND " + table.time() + " >= :from ORDER BY " + table.time()
                + " LIMIT :batch), gone AS (DELETE FROM " + table.name() + " WHERE ctid = ANY (ARRAY(SELECT ctid FROM doomed)) RETURNING "
                + table.time() + " AS t) SELECT count(*) AS n, max(t) AS last FROM gone";
        OffsetDateTime from = EPOCH;
        int total = 0;
        while (true) {
            record Batch(int n, OffsetDateTime last) {
            }
            Batch batch = jdbc.sql(delete).param("cutoff", cutoff).param("from", from)
                    .param("batch", history.batchSize())
                    .query((rs, row) -> new Batch(rs.getInt("n"), rs.getObject("last", OffsetDateTime.class))).single();
            total += batch.n();
            if (batch.n() < history.batchSize() || batch.last() == null) {
                return total;
            }
            from = batch.last();
        }
    }
}
