package dev.symbia.relay;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Ids of events this receiver accepted recently, so a replay inside the timestamp window (or a
 * network retry of a delivery that did arrive) is handed to subscribers only once. Entries leave
 * when older than the window or when the bound is reached.
 */
final class RecentIds {

    private final Duration window;
    private final int bound;
    private final LinkedHashMap<String, Instant> seen = new LinkedHashMap<>();

    RecentIds(Duration window, int bound) {
        this.window = window;
        this.bound = bound;
    }

    /** Records the id; false when it was already there. */
    synchronized boolean firstTime(String id, Instant now) {
        Instant cutoff = now.minus(window).minus(window); // keep a margin beyond the window itself
        Iterator<Map.Entry<String, Instant>> oldest = seen.entrySet().iterator();
        while (oldest.hasNext()) {
            Map.Entry<String, Instant> entry = oldest.next();
            if (entry.getValue().isBefore(cutoff) || seen.size() > bound) {
                oldest.remove();
            } else {
                break;
            }
        }
        return seen.putIfAbsent(id, now) == null;
    }
}
