package dev.symbia.logging.metrics;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code POST /api/metrics/query}. Without {@code aggregation} and {@code interval}: raw points, newest
 * first. With either: statistics per metric per time bucket ({@code interval} wide, aligned to the
 * Unix epoch; the whole range as one bucket when absent). {@code labels} filters by containment.
 */
record MetricQuery(
        @Size(max = 50) List<UUID> metricIds,
        @Size(max = 50) List<@Size(max = 200) String> names,
        Instant startTime,
        Instant endTime,
        String aggregation,
        String interval,
        @Size(max = 20) Map<String, Object> labels,
        UUID orgId,
        @Min(1) @Max(10000) Integer limit) {

    boolean aggregated() {
        return aggregation != null || interval != null;
    }
}
