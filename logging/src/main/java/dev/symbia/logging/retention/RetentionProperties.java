package dev.symbia.logging.retention;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Retention, enforced by a scheduled job.
 *
 * @param enabled      run the job on its schedule (it can still be run by hand)
 * @param interval     time between runs
 * @param initialDelay time from startup to the first run
 * @param batchSize    rows deleted per statement; each batch is its own short transaction so ingest
 *                     is never blocked behind a long delete
 * @param logDays      default for log streams without their own {@code retentionDays}
 * @param metricDays   default for metrics without their own {@code retentionDays}
 * @param traceDays    how long spans and trace summaries are kept
 */
@Validated
@ConfigurationProperties("symbia.logging.retention")
public record RetentionProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("10m") Duration interval,
        @DefaultValue("1m") Duration initialDelay,
        @DefaultValue("5000") int batchSize,
        @DefaultValue("30") int logDays,
        @DefaultValue("90") int metricDays,
        @DefaultValue("14") int traceDays) {

    public RetentionProperties {
        if (batchSize < 1 || logDays < 1 || metricDays < 1 || traceDays < 1) {
            throw new IllegalArgumentException("symbia.logging.retention: batch size and days must be positive");
        }
    }
}
