package dev.symbia.logging.traces;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One trace in a list: its root span (null until the root arrives), time span, status ({@code error}
 * when any span failed, else the root's) and the services it crossed.
 */
record TraceSummary(String traceId, UUID orgId, String rootSpanId, String name, String serviceName, String status,
        Instant startTime, Instant endTime, Double durationMs, int spanCount, int errorCount, List<String> services) {
}
