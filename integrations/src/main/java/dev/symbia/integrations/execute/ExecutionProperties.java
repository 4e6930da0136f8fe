package dev.symbia.integrations.execute;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How a chat call is carried out.
 *
 * @param maxAttempts provider attempts before the first byte reaches the caller (SPEC §4: at most 2)
 * @param failover    whether a retryable failure moves to the next configured provider (one that
 *                    has a key for the caller; the local models service is never a failover target)
 * @param heartbeat   {@code : ping} interval on streams while the provider is silent
 * @param callerCheck how often the caller's connection is probed while nothing is written to it
 *                    (before the provider's first event, during non-streamed calls, silent streams),
 *                    so a caller that leaves cancels the provider call within a second (SPEC §4)
 */
@Validated
@ConfigurationProperties("symbia.integrations.execution")
record ExecutionProperties(@Min(1) @Max(2) @DefaultValue("2") int maxAttempts,
        @DefaultValue("true") boolean failover,
        @NotNull @DurationMin(millis = 1) @DefaultValue("15s") Duration heartbeat,
        @NotNull @DurationMin(millis = 1) @DefaultValue("250ms") Duration callerCheck) {
}
