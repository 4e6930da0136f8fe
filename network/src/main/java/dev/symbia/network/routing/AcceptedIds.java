package dev.symbia.network.routing;

import dev.symbia.network.config.NetworkProperties;
import dev.symbia.network.trace.EventRepository;
import dev.symbia.network.trace.StoredElsewhere;
import dev.symbia.relay.Envelope;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The replay guard by id, in memory (issue 26: no database round trip per event). An id is remembered for
 * twice the replay window — an older envelope is refused by its timestamp anyway — and in the meantime a
 * second event with it is refused. It holds:
 * <ul>
 *   <li>every id this replica accepted;</li>
 *   <li>at start, the ids stored during the last two windows (a relay resending to a restarted network);</li>
 *   <li>the ids other replicas stored ({@link StoredElsewhere}, a few milliseconds after they routed them).
 *       The same id sent to two replicas within those milliseconds is delivered by both; the history keeps
 *       the first and counts the other ({@code network.events.duplicate_after_delivery}).</li>
 * </ul>
 * Memory is bounded ({@value #MAX_IDS} ids); when the bound pushes out ids younger than two windows
 * (above ~300 events/s sustained with the default 5-minute window), an envelope stamped before the newest
 * id pushed out is checked against the database instead, so nothing inside the window gets through.
 */
@Component
class AcceptedIds {

    static final int MAX_IDS = 200_000;
    private static final Logger log = LoggerFactory.getLogger(AcceptedIds.class);

    private record Seen(String id, long at) {
    }

    private final Map<String, Boolean> ids = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Seen> order = new ConcurrentLinkedQueue<>();
    private final EventRepository events;
    private final Clock clock;
    private final Duration window;
    private final long keepMillis;
    /** Receive time (epoch ms) of the newest id pushed out by the bound rather than by age. */
    private volatile long overflowedUpTo = Long.MIN_VALUE;

    AcceptedIds(EventRepository events, NetworkProperties properties, Clock clock) {
        this.events = events;
        this.clock = clock;
        this.window = properties.replayWindow();
        this.keepMillis = window.multipliedBy(2).toMillis();
        preload();
    }

    private void preload() {
        try {
            Instant now = clock.instant();
            List<String> recent = events.idsSince(now.minusMillis(keepMillis), MAX_IDS);
            // Newest first from the database; remembered oldest first so they also leave first.
            for (int i = recent.size() - 1; i >= 0; i--) {
                remember(recent.get(i), now.toEpochMilli());
            }
        } catch (RuntimeException e) {
            log.warn("Could not preload recent event ids: {}", e.getClass().getSimpleName());
        }
    }

    /** Records the id; false when an event with it was accepted before (here, on another replica, or stored). */
    boolean firstTime(Envelope envelope) {
        long now = clock.millis();
        evict(now);
        if (ids.putIfAbsent(envelope.id(), Boolean.TRUE) != null) {
            return false;
        }
        order.add(new Seen(envelope.id(), now));
        // An id accepted before the stamp minus the window cannot be this event's: only earlier ones may have been pushed out.
        long overflowed = overflowedUpTo;
        if (overflowed != Long.MIN_VALUE && envelope.instant().minus(window).toEpochMilli() <= overflowed
                && events.exists(envelope.id())) {
            return false;
        }
        return true;
    }

    @EventListener
    void storedElsewhere(StoredElsewhere stored) {
        long now = clock.millis();
        stored.eventIds().forEach(id -> remember(id, now));
        evict(now);
    }

    private void remember(String id, long at) {
        if (ids.putIfAbsent(id, Boolean.TRUE) == null) {
            order.add(new Seen(id, at));
        }
    }

    private void evict(long now) {
        for (Seen oldest = order.peek(); oldest != null; oldest = order.peek()) {
            boolean expired = now - oldest.at() > keepMillis;
            if (!expired && ids.size() <= MAX_IDS) {
                return;
            }
            if (order.remove(oldest)) {
                ids.remove(oldest.id());
                if (!expired) {
                    overflowedUpTo = Math.max(overflowedUpTo, oldest.at());
                }
            }
        }
    }

    int size() {
        return ids.size();
    }
}
