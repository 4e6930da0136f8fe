package dev.symbia.logging.metrics;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.UUID;

/**
 * Statistics of one metric over one time bucket {@code [start, start + interval)}. For histogram
 * metrics the percentiles are estimated from the bucket boundaries ({@code estimated} is true).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record Bucket(UUID metricId, String metric, Instant start, long count, Double sum, Double avg, Double min, Double max,
        Double p50, Double p95, Double p99, Boolean estimated, Double value) {

    Bucket withValue(Double chosen) {
        return new Bucket(metricId, metric, start, count, sum, avg, min, max, p50, p95, p99, estimated, chosen);
    }
}
