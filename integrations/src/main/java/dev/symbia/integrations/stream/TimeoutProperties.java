package dev.symbia.integrations.stream;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The four timers of a provider call (SPEC §4). A first-chunk timeout is separate from the total so
 * a hanging provider is abandoned (and failed over) early, while a long but live reply may run on.
 *
 * @param connect    establishing the TCP/TLS connection
 * @param firstChunk from sending the request to the provider's first stream event
 * @param idle       longest silence between two stream events once streaming
 * @param total      the whole call, however lively
 */
@ConfigurationProperties("integrations.timeouts")
public record TimeoutProperties(@DefaultValue("10s") Duration connect, @DefaultValue("60s") Duration firstChunk,
        @DefaultValue("30s") Duration idle, @DefaultValue("10m") Duration total) {

    public TimeoutProperties {
        requirePositive("connect", connect);
        requirePositive("first-chunk", firstChunk);
        requirePositive("idle", idle);
        requirePositive("total", total);
    }

    private static void requirePositive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("integrations.timeouts." + name + " must be positive");
        }
    }
}
