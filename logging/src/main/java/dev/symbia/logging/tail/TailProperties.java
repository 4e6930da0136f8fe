package dev.symbia.logging.tail;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Live tail limits.
 *
 * @param heartbeat      interval of {@code : heartbeat} comments (also how fast a vanished client is noticed)
 * @param bufferSize     entries buffered per subscriber; a client that falls this far behind is dropped
 * @param maxSubscribers concurrent tails per replica (503 above)
 * @param maxDuration    a tail is closed after this long; clients reconnect (EventSource does by itself)
 */
@Validated
@ConfigurationProperties("symbia.logging.tail")
public record TailProperties(
        @DefaultValue("15s") Duration heartbeat,
        @DefaultValue("1000") int bufferSize,
        @DefaultValue("200") int maxSubscribers,
        @DefaultValue("1h") Duration maxDuration) {
}
