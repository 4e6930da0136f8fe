package dev.symbia.logging.metrics;

import dev.symbia.logging.ingest.Rows;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/** Stores data points in the writer's org, in one transaction, several thousand rows per statement. */
@Service
public class MetricPointWriter {

    static final int CHUNK = 5_000;

    private static final String INSERT = """
            INSERT INTO metric_points (metric_id, org_id, ts, value, labels, service,
                                       hist_count, hist_sum, hist_min, hist_max, hist_bounds, hist_counts)
            SELECT u.metric::uuid, ?::uuid, %s, u.value, u.labels::jsonb, u.service,
                   u.hcount, u.hsum, u.hmin, u.hmax, u.hbounds::float8[], u.hcounts::int8[]
            FROM unnest(?::text[], ?::int8[], ?::float8[], ?::text[], ?::text[],
                        ?::int8[], ?::float8[], ?::float8[], ?::float8[], ?::text[], ?::text[])
                 AS u(metric, us, value, labels, service, hcount, hsum, hmin, hmax, hbounds, hcounts)
            """.formatted(Rows.timestampFromMicros("u.us"));

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;

    MetricPointWriter(JdbcTemplate jdbc, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    /** Stores the points; their metrics must belong to {@code org} (callers resolve them in it). */
    public int write(UUID org, List<NewPoint> points) {
        if (points.isEmpty()) {
            return 0;
        }
        transactions.executeWithoutResult(status -> {
            for (int from = 0; from < points.size(); from += CHUNK) {
                List<NewPoint> chunk = points.subList(from, Math.min(points.size(), from + CHUNK));
                jdbc.update(INSERT, ps -> bind(ps, org, chunk));
            }
        });
        return points.size();
    }

    private static void bind(PreparedStatement ps, UUID org, List<NewPoint> chunk) throws SQLException {
        int n = chunk.size();
        String[] metrics = new String[n], labels = new String[n], services = new String[n], bounds = new String[n],
                counts = new String[n];
        Long[] micros = new Long[n], hcount = new Long[n];
        Double[] values = new Double[n], hsum = new Double[n], hmin = new Double[n], hmax = new Double[n];
        for (int i = 0; i < n; i++) {
            NewPoint p = chunk.get(i);
            metrics[i] = p.metricId().toString();
            micros[i] = Rows.micros(p.timestamp());
            values[i] = p.value();
            labels[i] = Rows.json(p.labels());
            services[i] = Rows.clean(p.service());
            NewPoint.Histogram h = p.histogram();
            if (h != null) {
                hcount[i] = h.count();
                hsum[i] = h.sum();
                hmin[i] = h.min();
                hmax[i] = h.max();
                bounds[i] = Arrays.stream(h.bounds()).mapToObj(Double::toString).collect(Collectors.joining(",", "{", "}"));
                counts[i] = Arrays.stream(h.counts()).mapToObj(Long::toString).collect(Collectors.joining(",", "{", "}"));
            }
        }
        ps.setObject(1, org);
        Rows.text(ps, 2, metrics);
        Rows.int8(ps, 3, micros);
        Rows.float8(ps, 4, values);
        Rows.text(ps, 5, labels);
        Rows.text(ps, 6, services);
        Rows.int8(ps, 7, hcount);
        Rows.float8(ps, 8, hsum);
        Rows.float8(ps, 9, hmin);
        Rows.float8(ps, 10, hmax);
        Rows.text(ps, 11, bounds);
        Rows.text(ps, 12, counts);
    }
}
