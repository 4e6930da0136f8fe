package dev.symbia.logging.ingest;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Bounds on ingest, so a burst is answered with 429 instead of queueing without limit.
 *
 * @param maxRequestSize        largest accepted body, after decompression (413 above it)
 * @param maxRecords            most records (entries, points, spans) in one request (413 above it)
 * @param maxConcurrentRequests ingest requests processed at once; memory is bounded by this times
 *                              {@code maxRequestSize}
 * @param acquireTimeout        how long a request waits for a free slot before 429
 * @param retryAfter            what {@code Retry-After} tells a rejected client
 */
@Validated
@ConfigurationProperties("symbia.logging.ingest")
public record IngestProperties(
        @DefaultValue("16MB") DataSize maxRequestSize,
        @DefaultValue("50000") int maxRecords,
        @DefaultValue("8") int maxConcurrentRequests,
        @DefaultValue("250ms") Duration acquireTimeout,
        @DefaultValue("2s") Duration retryAfter) {

    public IngestProperties {
        if (maxConcurrentRequests < 1) {
            throw new IllegalArgumentException("symbia.logging.ingest.max-concurrent-requests must be at least 1");
        }
        if (maxRecords < 1) {
            throw new IllegalArgumentException("symbia.logging.ingest.max-records must be at least 1");
        }
    }

    public long retryAfterSeconds() {
        return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }
}
