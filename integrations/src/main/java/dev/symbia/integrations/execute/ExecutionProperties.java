package dev.symbia.integrations.execute;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

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
@ConfigurationProperties("integrations.execution")
public record ExecutionProperties(@DefaultValue("2") int maxAttempts, @DefaultValue("true") boolean failover,
        @DefaultValue("15s") Duration heartbeat, @DefaultValue("250ms") Duration callerCheck) {

    public ExecutionProperties {
        if (maxAttempts < 1 || maxAttempts > 2) {
            throw new IllegalArgumentException("integrations.execution.max-attempts must be 1 or 2");
        }
        requirePositive("heartbeat", heartbeat);
        requirePositive("caller-check", callerCheck);
    }

    private static void requirePositive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("integrations.execution." + name + " must be positive");
        }
    }
}
