package dev.symbia.logging.metrics;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.UUID;

/** Histogram points of one metric and bucket, added up: merged counts and interpolated percentiles. */
final class HistogramAccumulator {
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
