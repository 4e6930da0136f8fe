package dev.symbia.network.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The network's tunables under {@code symbia.network.*} (application.yml maps the documented environment
 * variables onto them).
 *
 * @param replayWindow accepted distance between an event's timestamp and now, both directions
 * @param nodes        liveness
 * @param history      retention of events, traces and rejection records
 * @param delivery     HTTP fallback delivery and socket sends
 */
@Validated
@ConfigurationProperties("symbia.network")
public record NetworkProperties(
        @NotNull @DefaultValue("5m") Duration replayWindow,
        @Valid @NotNull @DefaultValue Nodes nodes,
        @Valid @NotNull @DefaultValue History history,
        @Valid @NotNull @DefaultValue Delivery delivery) {

    public NetworkProperties {
        if (replayWindow == null || replayWindow.isNegative() || replayWindow.isZero()) {
            throw new IllegalArgumentException("symbia.network.replay-window must be positive");
        }
        if (history != null && history.retention() != null && history.retention().compareTo(replayWindow.multipliedBy(2)) < 0) {
            // Replays inside the window are caught by event id, so ids must outlive the window.
            throw new IllegalArgumentException("symbia.network.history.retention must be at least twice symbia.network.replay-window");
        }
    }

    /**
     * @param heartbeatTimeout a node silent for longer is marked offline (never deleted)
     * @param sweepInterval    how often stale nodes and expired contracts are swept
     */
    public record Nodes(@NotNull @DefaultValue("90s") Duration heartbeatTimeout,
            @NotNull @DefaultValue("30s") Duration sweepInterval) {
    }

    /**
     * @param retention       events, traces and rejections older than this are deleted
     * @param maxEvents       at most this many events are kept (oldest deleted first)
     * @param maxTraces       at most this many traces are kept
     * @param maxRejections   at most this many rejection records are kept
     * @param cleanupInterval how often the cleanup runs
     * @param batchSize       rows deleted per statement, so cleanup never holds long locks (10,000: a few tens of ms of
     *                        work; 1,000-row statements cost PostgreSQL twice the time per row deleted)
     * @param writeLinger     how long the history writer lets the first queued event wait for others to join its
     *                        batch (a read on the same replica cuts it short); what a crash may lose grows with it
     */
    public record History(@NotNull @DefaultValue("24h") Duration retention, @Min(0) @DefaultValue("10000") int maxEvents,
            @Min(0) @DefaultValue("10000") int maxTraces, @Min(0) @DefaultValue("10000") int maxRejections,
            @NotNull @DefaultValue("10s") Duration cleanupInterval, @Min(1) @DefaultValue("10000") int batchSize,
            @NotNull @DefaultValue("10ms") Duration writeLinger) {
    }

    /**
     * @param connectTimeout HTTP connect timeout per attempt
     * @param readTimeout    HTTP read timeout per attempt
     * @param attempts       HTTP attempts per delivery (bounded retry)
     * @param backoff        wait before the second attempt; doubles (jittered) after each further failure
     * @param sendTimeLimit  how long a WebSocket send may block before the socket is dropped
     * @param maxBackoff     the longest wait between two attempts
     */
    public record Delivery(@NotNull @DefaultValue("2s") Duration connectTimeout, @NotNull @DefaultValue("5s") Duration readTimeout,
            @Min(1) @DefaultValue("3") int attempts, @NotNull @DefaultValue("200ms") Duration backoff,
            @NotNull @DefaultValue("5s") Duration sendTimeLimit, @NotNull @DefaultValue("2s") Duration maxBackoff) {
    }
}
