package dev.symbia.network.routing;

import dev.symbia.network.config.NetworkProperties;
import dev.symbia.network.trace.EventStore;
import dev.symbia.network.trace.StoredElsewhere;
import dev.symbia.relay.Envelope;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The replay guard by id, in memory (issue 26: no database round trip per event). A second event with an id
 * already accepted is refused for as long as its timestamp would pass the replay window: until the first one's
 * stamp plus the window (the verifier refuses it after that). It holds, in {@link RecentIds} (compact hashes):
 * <ul>
 *   <li>every id this replica accepted, with its stamp;</li>
 *   <li>at start, the ids stored during the last two windows (a relay resending to a restarted network);</li>
 *   <li>the ids other replicas stored ({@link StoredElsewhere}, a few milliseconds after they routed them).
 *       The same id sent to two replicas within those milliseconds is delivered by both; the history keeps
 *       the first and counts the other ({@code network.events.duplicate_after_delivery}).</li>
 * </ul>
 * Ids whose stamp is unknown (preloaded, other replicas') count as stamped a window after they were seen, the
 * latest an accepted stamp can be. Memory is bounded ({@value #MAX_IDS} ids, ~40 MB when full); when the bound
 * pushes out an id that still matters (above ~3,000 events/s sustained with the default 5-minute window), an
 * envelope stamped no later than the newest such id is checked against the database instead, so nothing inside
 * the window gets through. Live traffic is stamped now, after anything pushed out, so it stays off the database.
 */
@Component
class AcceptedIds {

    static final int MAX_IDS = 1_000_000;
    private static final Logger log = LoggerFactory.getLogger(AcceptedIds.class);

    private final RecentIds ids;
    private final ReentrantLock lock = new ReentrantLock();
    private final EventStore events;
    private final Clock clock;
    private final long windowMillis;
    /** The latest stamp (epoch ms) of an id pushed out by the bound while it still mattered. */
    private volatile long overflowedUpTo = Long.MIN_VALUE;

    @Autowired
    AcceptedIds(EventStore events, NetworkProperties properties, Clock clock) {
        this(events, properties, clock, MAX_IDS);
    }

    AcceptedIds(EventStore events, NetworkProperties properties, Clock clock, int maxIds) {
        this.events = events;
        this.clock = clock;
        // A second more than the window: the verifier compares in nanoseconds, and some time passes between the two checks.
        this.windowMillis = properties.replayWindow().plusSeconds(1).toMillis();
        this.ids = new RecentIds(maxIds);
        preload();
    }

    private void preload() {
        try {
            Instant now = clock.instant();
            List<String> recent = events.idsSince(now.minusMillis(2 * windowMillis), MAX_IDS);
            // Newest first from the database; remembered oldest first so they also leave first.
            long unknownStamp = now.toEpochMilli() + windowMillis;
            lock.lock();
            try {
                for (int i = recent.size() - 1; i >= 0; i--) {
                    remember(recent.get(i), unknownStamp, now.toEpochMilli());
                }
            } finally {
                lock.unlock();
            }
        } catch (RuntimeException e) {
            log.warn("Could not preload recent event ids: {}", e.getClass().getSimpleName());
        }
    }

    /** Records the id; false when an event with it was accepted before (here, on another replica, or stored). */
    boolean firstTime(Envelope envelope) {
        long now = clock.millis();
        long stamp = envelope.instant().toEpochMilli();
        lock.lock();
        try {
            if (!remember(envelope.id(), stamp, now)) {
                return false;
            }
        } finally {
            lock.unlock();
        }
        // Only an id stamped no later than one pushed out of memory can be a forgotten one. Those were stored long
        // ago, so the database answers without waiting for this replica's queued history.
        return stamp > overflowedUpTo || !events.existsStored(envelope.id());
    }

    @EventListener
    void storedElsewhere(StoredElsewhere stored) {
        long now = clock.millis();
        lock.lock();
        try {
            stored.eventIds().forEach(id -> remember(id, now + windowMillis, now));
        } finally {
            lock.unlock();
        }
    }

    /** Under the lock. */
    private boolean remember(String id, long stamp, long now) {
        evict(now);
        if (ids.contains(id)) {
            return false;
        }
        if (ids.full()) {
            long oldest = ids.oldestStamp();
            if (oldest + windowMillis > now) {
                overflowedUpTo = Math.max(overflowedUpTo, oldest);
            }
            ids.removeOldest();
        }
        return ids.add(id, stamp);
    }

    /** Under the lock: forgets ids from the oldest while their stamp is outside the window. */
    private void evict(long now) {
        while (!ids.isEmpty() && ids.oldestStamp() + windowMillis <= now) {
            ids.removeOldest();
        }
    }

    int size() {
        lock.lock();
        try {
            return ids.size();
        } finally {
            lock.unlock();
        }
    }
}
