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
 */
@ConfigurationProperties("integrations.execution")
public record ExecutionProperties(@DefaultValue("2") int maxAttempts, @DefaultValue("true") boolean failover,
        @DefaultValue("15s") Duration heartbeat) {

    public ExecutionProperties {
        if (maxAttempts < 1 || maxAttempts > 2) {
            throw new IllegalArgumentException("integrations.execution.max-attempts must be 1 or 2");
        }
    }
}
