package dev.symbia.network.trace;

import dev.symbia.network.config.NetworkProperties;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps the history bounded, off the delivery path and in small steps (issue 26). An event and its trace are one
 * row of {@code history} (V10), each half with its own cap: each pass finds one cutoff per half — the retention's,
 * or the receive time of the newest event (trace) beyond its cap when that is later (one index walk) — then
 * deletes the rows older than both cutoffs, and between the two cutoffs clears the half that is beyond its cap
 * (only when the caps differ: with equal caps the two cutoffs are the same and a pass only deletes). Both work in
 * batches of {@code batch-size} rows, oldest first, each batch resuming where the last ended so none rescans what
 * the previous ones removed. Runs every {@code cleanup-interval} (default 10 s), so under load a pass removes about
 * what arrived since the last one. Rows with the same receive time as the newest one beyond a cap go too, so at
 * most the cap stays. Rejections are pruned the same way in their own table. Replicas may run it concurrently:
 * the statements are idempotent.
 */
@Component
class HistoryRetention {

    private static final Logger log = LoggerFactory.getLogger(HistoryRetention.class);

    /** One half of a history row: the column that is NULL once it is pruned, and what clearing it sets. */
    private record Half(String present, String clear) {
    }

    private static final Half EVENT = new Half("envelope IS NOT NULL",
            "type = NULL, source = NULL, target = NULL, boundary = NULL, envelope = NULL");
    private static final Half TRACE = new Half("status IS NOT NULL",
            "status = NULL, error = NULL, hops = NULL, total_duration_ms = NULL, created_at = NULL");

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
            int pruned = cleanNow();
            if (pruned > 0) {
                // Worded as before V10, when each event and each trace was a row: NetworkRoutingBench counts these.
                log.info("History cleanup deleted {} row(s)", pruned);
            }
        } catch (RuntimeException e) {
            log.warn("History cleanup failed: {}", e.getClass().getSimpleName());
        }
    }

    /** One full pass; returns the number of events, traces and rejections pruned (an event with its trace: two). */
    int cleanNow() {
        OffsetDateTime retained = jdbc.sql("SELECT now() - make_interval(secs => :seconds)")
                .param("seconds", history.retention().toSeconds()).query(OffsetDateTime.class).single();
        OffsetDateTime events = cutoff("history", "received_at", EVENT.present(), history.maxEvents(), retained);
        OffsetDateTime traces = cutoff("history", "received_at", TRACE.present(), history.maxTraces(), retained);
        boolean eventsFirst = events.isBefore(traces);
        OffsetDateTime both = eventsFirst ? events : traces;
        // Both halves beyond: the whole row goes; it counts once per half it still had.
        int pruned = batches("history", "received_at", "TRUE", "DELETE FROM history WHERE",
                "(envelope IS NOT NULL)::int + (status IS NOT NULL)::int", EPOCH, both);
        if (!both.equals(eventsFirst ? traces : events)) {
            Half beyond = eventsFirst ? TRACE : EVENT;
            Half other = eventsFirst ? EVENT : TRACE;
            OffsetDateTime until = eventsFirst ? traces : events;
            // Between the cutoffs only one half is beyond its cap: rows with nothing else left go, the others lose it.
            pruned += batches("history", "received_at", beyond.present() + " AND NOT (" + other.present() + ")",
                    "DELETE FROM history WHERE", "1", both, until);
            pruned += batches("history", "received_at", beyond.present(), "UPDATE history SET " + beyond.clear() + " WHERE",
                    "1", both, until);
        }
        OffsetDateTime rejections = cutoff("rejections", "received_at", "TRUE", history.maxRejections(), retained);
        return pruned + batches("rejections", "received_at", "TRUE", "DELETE FROM rejections WHERE", "1", EPOCH, rejections);
    }

    /** The retention's cutoff, or just after the newest row beyond the cap when that is later. */
    private OffsetDateTime cutoff(String table, String time, String filter, int max, OffsetDateTime retained) {
        // The newest row beyond the cap: everything older than it goes (an index walk of max + 1 entries).
        @Nullable OffsetDateTime beyondCap = jdbc.sql("SELECT " + time + " FROM " + table + " WHERE " + filter
                        + " ORDER BY " + time + " DESC OFFSET :max LIMIT 1")
                .param("max", max).query(OffsetDateTime.class).optional().orElse(null);
        // It and everything older (timestamps are in microseconds): at most the newest max rows stay.
        return beyondCap != null && beyondCap.isAfter(retained) ? beyondCap.plusNanos(1000) : retained;
    }

    /**
     * Applies {@code action} ({@code DELETE … WHERE} or {@code UPDATE … SET … WHERE}) to the rows matching
     * {@code filter} with a time in [{@code from}, {@code until}), in batches by physical row id, oldest first; each
     * batch starts at the last one's newest time. Returns the sum of {@code weight} over the rows acted on.
     */
    private int batches(String table, String time, String filter, String action, String weight, OffsetDateTime from,
            OffsetDateTime until) {
        String sql = "WITH doomed AS (SELECT ctid FROM " + table + " WHERE " + time + " < :until AND " + time
                + " >= :from AND " + filter + " ORDER BY " + time + " LIMIT :batch), done AS (" + action
                + " ctid = ANY (ARRAY(SELECT ctid FROM doomed)) RETURNING " + time + " AS t, " + weight
                + " AS w) SELECT count(*) AS n, coalesce(sum(w), 0) AS weight, max(t) AS last FROM done";
        int total = 0;
        while (true) {
            record Batch(int n, int weight, @Nullable OffsetDateTime last) {
            }
            Batch batch = jdbc.sql(sql).param("until", until).param("from", from).param("batch", history.batchSize())
                    .query((rs, row) -> new Batch(rs.getInt("n"), rs.getInt("weight"),
                            rs.getObject("last", OffsetDateTime.class)))
                    .single();
            total += batch.weight();
            if (batch.n() < history.batchSize() || batch.last() == null) {
                return total;
            }
            from = batch.last();
        }
    }
}
