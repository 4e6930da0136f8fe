package dev.symbia.messaging.live;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Live delivery tunables ({@code messaging.live.*}).
 *
 * @param retention        durable live events older than this are deleted (SSE resume reaches back this far)
 * @param cleanupInterval  how often the retention job runs
 * @param cleanupBatchSize rows deleted per statement, so the job never holds long locks
 * @param heartbeat        WebSocket ping / SSE {@code : ping} interval while a connection is idle
 * @param sendBufferEvents frames queued per connection; a client this far behind is disconnected
 * @param sendBufferSize   bytes queued per connection; likewise
 * @param maxConnections   WebSocket connections per replica (further upgrades get 503)
 * @param maxStreams       SSE streams per replica (further requests get 503)
 * @param streamTimeout    an SSE stream is ended after this long; EventSource reconnects with Last-Event-ID
 * @param maxFrameSize     largest frame a WebSocket client may send
 * @param writerBacklog    events waiting to be stored and announced; beyond it new ones are dropped (and
 *                         counted), so a database that cannot keep up costs bounded memory
 */
@Validated
@ConfigurationProperties("messaging.live")
public record LiveProperties(
        @DefaultValue("1h") Duration retention,
        @DefaultValue("1m") Duration cleanupInterval,
        @DefaultValue("1000") int cleanupBatchSize,
        @DefaultValue("15s") Duration heartbeat,
        @DefaultValue("512") int sendBufferEvents,
        @DefaultValue("4MB") DataSize sendBufferSize,
        @DefaultValue("2000") int maxConnections,
        @DefaultValue("1000") int maxStreams,
        @DefaultValue("30m") Duration streamTimeout,
        @DefaultValue("64KB") DataSize maxFrameSize,
        @DefaultValue("20000") int writerBacklog) {

    public LiveProperties {
        positive(retention, "retention");
        positive(cleanupInterval, "cleanup-interval");
        positive(heartbeat, "heartbeat");
        positive(streamTimeout, "stream-timeout");
        atLeastOne(cleanupBatchSize, "cleanup-batch-size");
        atLeastOne(sendBufferEvents, "send-buffer-events");
        atLeastOne(maxConnections, "max-connections");
        atLeastOne(maxStreams, "max-streams");
        atLeastOne(writerBacklog, "writer-backlog");
        if (sendBufferSize.toBytes() < 1024 || maxFrameSize.toBytes() < 1024) {
            throw new IllegalArgumentException(
                    "messaging.live.send-buffer-size and max-frame-size must be at least 1KB");
        }
    }

    private static void positive(Duration value, String name) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("messaging.live." + name + " must be positive");
        }
    }

    private static void atLeastOne(int value, String name) {
        if (value < 1) {
            throw new IllegalArgumentException("messaging.live." + name + " must be at least 1");
        }
    }
}
