package dev.symbia.network.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The network's tunables under {@code network.*} (application.yml maps the documented environment
 * variables onto them).
 *
 * @param replayWindow accepted distance between an event's timestamp and now, both directions
 * @param nodes        liveness
 * @param history      retention of events, traces and rejection records
 * @param delivery     HTTP fallback delivery and socket sends
 */
@Validated
@ConfigurationProperties("network")
public record NetworkProperties(
        @DefaultValue("5m") Duration replayWindow,
        @DefaultValue Nodes nodes,
        @DefaultValue History history,
        @DefaultValue Delivery delivery) {

    public NetworkProperties {
        if (history.retention().compareTo(replayWindow.multipliedBy(2)) < 0) {
            // Replays inside the window are caught by event id, so ids must outlive the window.
            throw new IllegalArgumentException("network.history.retention must be at least twice network.replay-window");
        }
    }

    /**
     * @param heartbeatTimeout a node silent for longer is marked offline (never deleted)
     * @param sweepInterval    how often stale nodes and expired contracts are swept
     */
    public record Nodes(@DefaultValue("90s") Duration heartbeatTimeout, @DefaultValue("30s") Duration sweepInterval) {
    }

    /**
     * @param retention       events, traces and rejections older than this are deleted
     * @param maxEvents       at most this many events are kept (oldest deleted first)
     * @param maxTraces       at most this many traces are kept
     * @param maxRejections   at most this many rejection records are kept
     * @param cleanupInterval how often the cleanup runs
     * @param batchSize       rows deleted per statement, so cleanup never holds long locks
     */
    public record History(@DefaultValue("24h") Duration retention, @DefaultValue("10000") int maxEvents,
            @DefaultValue("10000") int maxTraces, @DefaultValue("10000") int maxRejections,
            @DefaultValue("10s") Duration cleanupInterval, @DefaultValue("1000") int batchSize) {
    }

    /**
     * @param connectTimeout HTTP connect timeout per attempt
     * @param readTimeout    HTTP read timeout per attempt
     * @param attempts       HTTP attempts per delivery (bounded retry)
     * @param backoff        wait before the second attempt; doubles (jittered) after each further failure
     * @param sendTimeLimit  how long a WebSocket send may block before the socket is dropped
     * @param maxBackoff     the longest wait between two attempts
     */
    public record Delivery(@DefaultValue("2s") Duration connectTimeout, @DefaultValue("5s") Duration readTimeout,
            @DefaultValue("3") int attempts, @DefaultValue("200ms") Duration backoff,
            @DefaultValue("5s") Duration sendTimeLimit, @DefaultValue("2s") Duration maxBackoff) {
    }
}
