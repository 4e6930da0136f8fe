package dev.symbia.messaging.chat;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The chat stream ({@code POST /api/send}, SPEC §4).
 *
 * @param heartbeat          {@code : ping} comment while the provider is silent (SPEC: 15 s)
 * @param livenessProbe      how soon a caller that went away is noticed while nothing is being written: an
 *                           empty SSE comment goes out after this much silence, and a failed write cancels the
 *                           generation (SPEC: within a second)
 * @param connectTimeout     connecting to integrations
 * @param readTimeout        longest silence accepted from integrations (it pings every 15 s)
 * @param defaultAssistant   assistant key when the request names none
 * @param historyLimit       earlier turns of a continued conversation sent to the provider
 * @param maxContentLength   characters of one message
 * @param liveDeltaInterval  reply deltas are coalesced to at most one live event per interval for the
 *                           conversation's other subscribers (the caller's own stream is never coalesced)
 * @param catalogCacheTtl    how long an assistant's system prompt from the catalog is reused
 * @param writeThreads       platform threads that write chat turns (fewer than the database pool's connections)
 * @param writeWait          longest a turn's first write may wait for one; later, the send is refused with 503
 */
@Validated
@ConfigurationProperties("symbia.messaging.chat")
record ChatProperties(
        @NotNull @DefaultValue("15s") Duration heartbeat,
        @NotNull @DefaultValue("500ms") Duration livenessProbe,
        @NotNull @DefaultValue("5s") Duration connectTimeout,
        @NotNull @DefaultValue("90s") Duration readTimeout,
        @NotBlank @DefaultValue("coordinator") String defaultAssistant,
        @Min(0) @DefaultValue("40") int historyLimit,
        @Min(1) @DefaultValue("32000") int maxContentLength,
        @NotNull @DefaultValue("100ms") Duration liveDeltaInterval,
        @NotNull @DefaultValue("60s") Duration catalogCacheTtl,
        @Min(1) @DefaultValue("6") int writeThreads,
        @NotNull @DefaultValue("30s") Duration writeWait) {

    ChatProperties {
        if (livenessProbe.isZero() || livenessProbe.isNegative() || livenessProbe.compareTo(heartbeat) > 0) {
            throw new IllegalArgumentException("symbia.messaging.chat.liveness-probe must be positive and at most the heartbeat");
        }
    }
}
