package dev.symbia.messaging.live;

import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Deletes durable live events past {@code retention}, in batches so it never holds long locks. Every
 * replica runs it; they delete the same rows, which costs nothing.
 */
@Component
class LiveRetention {

    private static final Logger log = LoggerFactory.getLogger(LiveRetention.class);

    private final LiveEventStore store;
    private final LiveProperties properties;
    private final Clock clock;

    LiveRetention(LiveEventStore store, LiveProperties properties, ObjectProvider<Clock> clock) {
        this.store = store;
        this.properties = properties;
        this.clock = clock.getIfUnique(Clock::systemUTC);
    }

    @Scheduled(fixedDelayString = "${symbia.messaging.live.cleanup-interval:1m}",
            initialDelayString = "${symbia.messaging.live.cleanup-interval:1m}")
    void scheduled() {
        try {
            int deleted = purge();
            if (deleted > 0) {
                log.debug("Deleted {} expired live events", deleted);
            }
        } catch (RuntimeException e) {
            log.warn("Live event retention failed: {}", e.toString());
        }
    }

    /** Deletes every event older than the retention; returns how many. */
    int purge() {
        Instant cutoff = clock.instant().minus(properties.retention());
        int total = 0;
        int deleted;
        do {
            deleted = store.deleteOlderThan(cutoff, properties.cleanupBatchSize());
            total += deleted;
        } while (deleted == properties.cleanupBatchSize());
        return total;
    }
}
