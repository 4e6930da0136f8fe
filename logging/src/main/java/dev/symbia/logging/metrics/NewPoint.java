package dev.symbia.logging.metrics;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** A data point to store: a number, or a histogram (then {@code value} is null). */
public record NewPoint(UUID metricId, Instant timestamp, Double value, Map<String, Object> labels, String service,
        Histogram histogram) {

    /** An explicit-bucket histogram: {@code counts} has one more element than {@code bounds}. */
    public record Histogram(long count, Double sum, Double min, Double max, double[] bounds, long[] counts) {
    }
}
