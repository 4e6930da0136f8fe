package dev.symbia.logging.traces;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** {@code POST /api/traces/query} (or {@code GET /api/traces} parameters): newest first, keyset-paginated. */
record TraceQuery(
        @Size(max = 100) List<@Size(max = 64) String> traceIds,
        @Size(max = 200) String serviceName,
        String status,
        Instant startTime,
        Instant endTime,
        @PositiveOrZero Double minDurationMs,
        @PositiveOrZero Double maxDurationMs,
        UUID orgId,
        @Min(1) @Max(1000) Integer limit,
        @Size(max = 400) String cursor) {
}
