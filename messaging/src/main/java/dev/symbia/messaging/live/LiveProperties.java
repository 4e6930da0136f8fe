package dev.symbia.messaging.live;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Live delivery tunables ({@code symbia.messaging.live.*}).
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
@ConfigurationProperties(LiveProperties.PREFIX)
public record LiveProperties(
        @NotNull @DefaultValue("1h") Duration retention,
        @NotNull @DefaultValue("1m") Duration cleanupInterval,
        @Min(1) @DefaultValue("1000") int cleanupBatchSize,
        @NotNull @DefaultValue("15s") Duration heartbeat,
        @Min(1) @DefaultValue("512") int sendBufferEvents,
        @NotNull @DefaultValue("4MB") DataSize sendBufferSize,
        @Min(1) @DefaultValue("2000") int maxConnections,
        @Min(1) @DefaultValue("1000") int maxStreams,
        @NotNull @DefaultValue("30m") Duration streamTimeout,
        @NotNull @DefaultValue("64KB") DataSize maxFrameSize,
        @Min(1) @DefaultValue("20000") int writerBacklog) {

    static final String PREFIX = "symbia.messaging.live";

    // Bean Validation has no constraint for a positive Duration or a DataSize floor: checked here, by name.
    public LiveProperties {
        positive(retention, "retention");
        positive(cleanupInterval, "cleanup-interval");
        positive(heartbeat, "heartbeat");
        positive(streamTimeout, "stream-timeout");
        if (sendBufferSize.toBytes() < 1024 || maxFrameSize.toBytes() < 1024) {
            throw new IllegalArgumentException(
                    PREFIX + ".send-buffer-size and max-frame-size must be at least 1KB");
        }
    }

    private static void positive(Duration value, String name) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(PREFIX + "." + name + " must be positive");
        }
    }
}
