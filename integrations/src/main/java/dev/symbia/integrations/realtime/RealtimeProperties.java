package dev.symbia.integrations.realtime;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Supabase Realtime broadcasts (sent only when {@code SUPABASE_URL} is set and a service key is found).
 *
 * @param deltaInterval     a streamed reply's text goes out coalesced, at most once per this interval (100 ms: at most
 *                          ten broadcasts a second per reply)
 * @param attempts          tries per broadcast (5xx, 429 and unreachable are retried; other refusals are not)
 * @param backoff           first wait between tries, doubling with jitter (libs/core Backoff) up to {@code maxBackoff}; a
 *                          429's {@code Retry-After} when longer
 * @param maxBackoff        longest wait between tries
 * @param correlationWindow how long a chat reply and messaging's {@code message.new} for its turn wait for each other
 */
@Validated
@ConfigurationProperties("symbia.integrations.realtime")
record RealtimeProperties(@NotNull @DefaultValue("100ms") Duration deltaInterval,
        @Min(1) @Max(20) @DefaultValue("5") int attempts, @NotNull @DefaultValue("250ms") Duration backoff,
        @NotNull @DefaultValue("10s") Duration maxBackoff, @NotNull @DefaultValue("30s") Duration correlationWindow) {
}
