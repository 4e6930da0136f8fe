package dev.symbia.logging.metrics;

import dev.symbia.logging.ingest.Rows;
import dev.symbia.web.problem.ProblemException;
import java.sql.Array;
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
import java.util.Objects;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Raw points and real aggregation: count, sum, avg, min, max and exact percentiles
 * ({@code percentile_cont}) over {@code date_bin} buckets for numeric metrics; merged counts and
 * interpolated percentiles for histogram metrics. The metrics passed in are already org-checked.
 */
@Service
class MetricReads {

    static final int MAX_BUCKETS = 10_000;
    static final Duration DEFAULT_RANGE = Duration.ofHours(1);
    private static final Instant EPOCH = Instant.EPOCH;

    private final JdbcClient jdbc;

    MetricReads(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<Point> raw(List<Metric> metrics, MetricQuery query) {
        Range range = range(query);
        Map<String, Object> params = base(metrics, range, query);
        params.put("limit", query.limit() == null ? 1000 : query.limit());
        return jdbc.sql("SELECT p.metric_id, p.ts, p.value, p.labels, p.service, p.hist_count, p.hist_sum, p.hist_min, p.hist_max,"
                        + " p.hist_bounds, p.hist_counts FROM metric_points p WHERE " + where(query)
                        + " ORDER BY p.ts DESC LIMIT :limit")
                .params(params).query(MetricReads::point).list();
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

    /** Histogram points of one metric and bucket, added up. */
    private static final class HistogramAccumulator {
        final UUID metric;
        final Instant start;
        long count;
        double sum;
        boolean hasSum = true;
        Double min;
        Double max;
        double[] bounds;
        long[] counts;
        boolean boundsAgree = true;

        HistogramAccumulator(UUID metric, Instant start) {
            this.metric = metric;
            this.start = start;
        }

        void add(long count, Double sum, Double min, Double max, double[] bounds, long[] counts) {
            this.count += count;
            if (sum == null) {
                hasSum = false;
            } else {
                this.sum += sum;
            }
            this.min = min == null ? this.min : this.min == null ? min : Math.min(this.min, min);
            this.max = max == null ? this.max : this.max == null ? max : Math.max(this.max, max);
            if (this.bounds == null) {
                this.bounds = bounds;
                this.counts = counts.clone();
            } else if (Arrays.equals(this.bounds, bounds) && this.counts.length == counts.length) {
                for (int i = 0; i < counts.length; i++) {
                    this.counts[i] += counts[i];
                }
            } else {
                // Points with other boundaries cannot be merged bucket by bucket: no percentiles then.
                boundsAgree = false;
            }
        }

        Bucket bucket(String name) {
            Double total = hasSum ? sum : null;
            Double avg = hasSum && count > 0 ? sum / count : null;
            Double p50 = null, p95 = null, p99 = null;
            if (boundsAgree && bounds != null) {
                p50 = HistogramQuantiles.quantile(0.5, bounds, counts, min, max);
                p95 = HistogramQuantiles.quantile(0.95, bounds, counts, min, max);
                p99 = HistogramQuantiles.quantile(0.99, bounds, counts, min, max);
            }
            return new Bucket(metric, Objects.requireNonNullElse(name, null), start, count, total, avg, min, max,
                    p50, p95, p99, true, null);
        }
    }
}
