package dev.symbia.integrations.stream;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The four timers of a provider call (SPEC §4). A first-chunk timeout is separate from the total so
 * a hanging provider is abandoned (and failed over) early, while a long but live reply may run on.
 *
 * @param connect    establishing the TCP/TLS connection
 * @param firstChunk from sending the request to the provider's first stream event
 * @param idle       longest silence between two stream events once streaming
 * @param total      the whole call, however lively
 */
@Validated
@ConfigurationProperties("symbia.integrations.timeouts")
public record TimeoutProperties(@NotNull @DurationMin(millis = 1) @DefaultValue("10s") Duration connect,
        @NotNull @DurationMin(millis = 1) @DefaultValue("60s") Duration firstChunk,
        @NotNull @DurationMin(millis = 1) @DefaultValue("30s") Duration idle,
        @NotNull @DurationMin(millis = 1) @DefaultValue("10m") Duration total) {
}
