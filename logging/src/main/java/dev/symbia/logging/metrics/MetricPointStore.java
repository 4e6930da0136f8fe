package dev.symbia.logging.metrics;

import dev.symbia.logging.ingest.Rows;
import dev.symbia.web.problem.ProblemException;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The data points of metrics ({@code metric_points}). Written in the writer's org, in one transaction,
 * several thousand rows per statement. Read raw, or aggregated: count, sum, avg, min, max and exact
 * percentiles ({@code percentile_cont}) over {@code date_bin} buckets for numeric metrics; merged counts
 * and interpolated percentiles for histogram metrics. The metrics passed in are already org-checked.
 */
@Service
public class MetricPointStore {

    static final int MAX_BUCKETS = 10_000;
    static final Duration DEFAULT_RANGE = Duration.ofHours(1);
    private static final Instant EPOCH = Instant.EPOCH;

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

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;
    private final TransactionTemplate transactions;

    MetricPointStore(JdbcClient jdbc, JdbcTemplate batch, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.batch = batch;
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
                batch.update(INSERT, ps -> bind(ps, org, chunk));
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


    List<Point> raw(List<Metric> metrics, MetricQuery query) {
        Range range = range(query);
        Map<String, Object> params = base(metrics, range, query);
        params.put("limit", query.limit() == null ? 1000 : query.limit());
        return jdbc.sql("SELECT p.metric_id, p.ts, p.value, p.labels, p.service, p.hist_count, p.hist_sum, p.hist_min, p.hist_max,"
                        + " p.hist_bounds, p.hist_counts FROM metric_points p WHERE " + where(query)
                        + " ORDER BY p.ts DESC LIMIT :limit")
                .params(params).query(MetricPointStore::point).list();
    }

    List<Bucket> aggregate(List<Metric> metrics, MetricQuery query) {
        Range range = range(query);
        Duration interval = query.interval() == null ? Duration.between(range.start(), range.end())
                : Intervals.parse(query.interval()).orElseThrow(() -> ProblemException.badRequest(
                        "interval must look like 30s, 5m, 1h, 1d or an ISO-8601 duration."));
        if (interval.isNegative() || interval.isZero()) {
            throw ProblemException.badRequest("interval must be positive.");
        }
        if (Duration.between(range.start(), range.end()).dividedBy(interval) > MAX_BUCKETS) {
            throw ProblemException.badRequest("At most " + MAX_BUCKETS + " buckets per query: widen the interval or narrow the range.");
        }
        Aggregation chosen = query.aggregation() == null ? null : Aggregation.parse(query.aggregation())
                .orElseThrow(() -> ProblemException.badRequest("aggregation must be one of count, sum, avg, min, max, p50, p95, p99."));
        // Without an interval the single bucket starts at startTime; with one, buckets align to the epoch.
        Instant origin = query.interval() == null ? range.start() : EPOCH;
        Map<String, String> names = new HashMap<>();
        metrics.forEach(m -> names.put(m.id().toString(), m.name()));
        List<Bucket> buckets = new ArrayList<>();
        List<Metric> numeric = metrics.stream().filter(m -> !MetricType.HISTOGRAM.wire().equals(m.type())).toList();
        List<Metric> histograms = metrics.stream().filter(m -> MetricType.HISTOGRAM.wire().equals(m.type())).toList();
        if (!numeric.isEmpty()) {
            buckets.addAll(numericBuckets(numeric, query, range, interval, origin, names));
        }
        if (!histograms.isEmpty()) {
            buckets.addAll(histogramBuckets(histograms, query, range, interval, origin, names));
        }
        return buckets.stream().map(b -> chosen == null ? b : b.withValue(chosen.of(b))).toList();
    }

    private List<Bucket> numericBuckets(List<Metric> metrics, MetricQuery query, Range range, Duration interval,
            Instant origin, Map<String, String> names) {
        Map<String, Object> params = base(metrics, range, query);
        params.put("stride", interval.toNanos() / 1_000_000_000.0);
        params.put("origin", Rows.ts(origin));
        return jdbc.sql("""
                SELECT p.metric_id, date_bin(make_interval(secs => :stride), p.ts, :origin) AS bucket,
                       count(*) AS n, sum(p.value) AS sum, avg(p.value) AS avg, min(p.value) AS min, max(p.value) AS max,
                       percentile_cont(0.5) WITHIN GROUP (ORDER BY p.value) AS p50,
                       percentile_cont(0.95) WITHIN GROUP (ORDER BY p.value) AS p95,
                       percentile_cont(0.99) WITHIN GROUP (ORDER BY p.value) AS p99
                FROM metric_points p
                WHERE p.value IS NOT NULL AND\s""" + where(query) + " GROUP BY p.metric_id, bucket ORDER BY p.metric_id, bucket")
                .params(params)
                .query((rs, n) -> new Bucket(rs.getObject("metric_id", UUID.class),
                        names.get(rs.getString("metric_id")), Rows.instant(rs, "bucket"), rs.getLong("n"),
                        rs.getDouble("sum"), rs.getDouble("avg"), rs.getDouble("min"), rs.getDouble("max"),
                        rs.getDouble("p50"), rs.getDouble("p95"), rs.getDouble("p99"), null, null))
                .list();
    }

    private List<Bucket> histogramBuckets(List<Metric> metrics, MetricQuery query, Range range, Duration interval,
            Instant origin, Map<String, String> names) {
        Map<String, Object> params = base(metrics, range, query);
        params.put("stride", interval.toNanos() / 1_000_000_000.0);
        params.put("origin", Rows.ts(origin));
        Map<String, HistogramAccumulator> merged = new LinkedHashMap<>();
        jdbc.sql("SELECT p.metric_id, date_bin(make_interval(secs => :stride), p.ts, :origin) AS bucket,"
                        + " p.hist_count, p.hist_sum, p.hist_min, p.hist_max, p.hist_bounds, p.hist_counts"
                        + " FROM metric_points p WHERE p.hist_count IS NOT NULL AND " + where(query)
                        + " ORDER BY p.metric_id, bucket")
                .params(params)
                .query(rs -> {
                    UUID metric = rs.getObject("metric_id", UUID.class);
                    Instant bucket = Rows.instant(rs, "bucket");
                    merged.computeIfAbsent(metric + "|" + bucket, k -> new HistogramAccumulator(metric, bucket))
                            .add(rs.getLong("hist_count"), (Double) rs.getObject("hist_sum"), (Double) rs.getObject("hist_min"),
                                    (Double) rs.getObject("hist_max"), doubles(rs.getArray("hist_bounds")), longs(rs.getArray("hist_counts")));
                });
        return merged.values().stream().map(a -> a.bucket(names.get(a.metric.toString()))).toList();
    }

    private static Map<String, Object> base(List<Metric> metrics, Range range, MetricQuery query) {
        Map<String, Object> params = new HashMap<>();
        params.put("metrics", metrics.stream().map(Metric::id).toList());
        params.put("orgs", metrics.stream().map(Metric::orgId).distinct().toList());
        params.put("start", Rows.ts(range.start()));
        params.put("end", Rows.ts(range.end()));
        if (query.labels() != null && !query.labels().isEmpty()) {
            params.put("labels", Rows.json(query.labels()));
        }
        return params;
    }

    private static String where(MetricQuery query) {
        return "p.metric_id IN (:metrics) AND p.org_id IN (:orgs) AND p.ts >= :start AND p.ts < :end"
                + (query.labels() != null && !query.labels().isEmpty() ? " AND p.labels @> CAST(:labels AS jsonb)" : "");
    }

    private static Range range(MetricQuery query) {
        Instant end = query.endTime() != null ? query.endTime() : Instant.now();
        Instant start = query.startTime() != null ? query.startTime() : end.minus(DEFAULT_RANGE);
        if (!start.isBefore(end)) {
            throw ProblemException.badRequest("startTime must be before endTime.");
        }
        return new Range(start, end);
    }

    private static Point point(ResultSet rs, int n) throws SQLException {
        Object count = rs.getObject("hist_count");
        Point.HistogramView histogram = count == null ? null : new Point.HistogramView(((Number) count).longValue(),
                (Double) rs.getObject("hist_sum"), (Double) rs.getObject("hist_min"), (Double) rs.getObject("hist_max"),
                doubles(rs.getArray("hist_bounds")), longs(rs.getArray("hist_counts")));
        return new Point(rs.getObject("metric_id", UUID.class), Rows.instant(rs, "ts"), (Double) rs.getObject("value"),
                Rows.map(rs.getString("labels")), rs.getString("service"), histogram);
    }

    private static double[] doubles(Array array) throws SQLException {
        return array == null ? new double[0] : Arrays.stream((Double[]) array.getArray()).mapToDouble(Double::doubleValue).toArray();
    }

    private static long[] longs(Array array) throws SQLException {
        return array == null ? new long[0] : Arrays.stream((Long[]) array.getArray()).mapToLong(Long::longValue).toArray();
    }

    private record Range(Instant start, Instant end) {
    }
}
