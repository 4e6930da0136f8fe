package dev.symbia.logging.metrics;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.List;

/** {@code PATCH /api/metrics/{id}}: absent fields stay as they are; the type never changes. */
record MetricPatch(
        @Size(max = 2000) String description,
        @Size(max = 50) String unit,
        @Size(max = 50) List<@NotBlank @Size(max = 100) String> tags,
        @Min(1) @Max(3650) Integer retentionDays,
        Boolean useDefaultRetention) {
}
