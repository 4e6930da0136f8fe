package dev.symbia.logging.metrics;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** A stored data point as clients see it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record Point(UUID metricId, Instant timestamp, Double value, Map<String, Object> labels, String service,
        HistogramView histogram) {

    record HistogramView(long count, Double sum, Double min, Double max, double[] bounds, long[] counts) {
    }
}
