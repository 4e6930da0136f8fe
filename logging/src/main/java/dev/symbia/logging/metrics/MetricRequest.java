package dev.symbia.logging.metrics;

import dev.symbia.web.problem.ProblemException;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * {@code POST /api/metrics}. {@code metricType} is accepted as a synonym of {@code type} (the reference
 * SDK sends it and the reference server ignored it, storing every metric as a gauge).
 */
record MetricRequest(
        @NotBlank @Size(max = 200) String name,
        @Size(max = 2000) String description,
        @Size(max = 50) String unit,
        String type,
        String metricType,
        @Size(max = 50) List<@NotBlank @Size(max = 100) String> tags,
        @Min(1) @Max(3650) Integer retentionDays) {

    MetricType parsedType() {
        String value = type != null ? type : metricType;
        if (value == null) {
            return MetricType.GAUGE;
        }
        return MetricType.parse(value).orElseThrow(() -> ProblemException.badRequest(
                "Unknown metric type '" + value + "': use gauge, counter or histogram."));
    }
}
