package dev.symbia.network.mirror;

import dev.symbia.db.notify.PostgresNotifications;
import dev.symbia.db.notify.Subscription;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An in-memory copy of one table the router reads on every event (nodes, contracts, policies), so routing
 * needs no database round trip (issue 26). Kept current three ways:
 * <ul>
 *   <li>a trigger announces every changed row on {@value #CHANNEL} ({@code V5__routing_notifications.sql}),
 *       whoever wrote it; this replica re-reads that row — on its own thread, changes coalesced;</li>
 *   <li>this replica's own writes {@link #refresh refresh} the row at once, so a caller that just created a
 *       contract routes by it on its next request;</li>
 *   <li>everything is re-read at start, once listening is active, and after the listening connection was lost
 *       (notifications sent meanwhile are gone).</li>
 * </ul>
 * A row is always re-read from the database under one lock, never taken from the notification, so the copy
 * converges on the committed state whatever order notifications and local writes come in. Readers never
 * lock: they see an immutable view, rebuilt on each change (changes are rare next to events).
 *
 * @param <K> the row key
 * @param <V> the row
 * @param <D> the view the router reads, derived from all rows
 */
public final class TableMirror<K, V, D> implements AutoCloseable {

    /** The channel the trigger notifies: payload {@code "<table> <id>"}. */
    public static final String CHANNEL = "network_routing";
    /** Beyond this many changed rows at once, reloading the whole table is cheaper than row by row. */
    private static final int RELOAD_ALL_ABOVE = 64;

    private static final Logger log = LoggerFactory.getLogger(TableMirror.class);

    private final String table;
    private final Function<V, K> key;
    private final Function<String, K> parseKey;
    private final Supplier<List<V>> loadAll;
    private final Function<K, Optional<V>> loadOne;
    private final Function<Map<K, V>, D> derive;
    private final Object writes = new Object();
    private final ConcurrentLinkedQueue<String> pending = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final ExecutorService refresher;
    private Map<K, V> rows = Map.of(); // under writes
    private volatile D view;
    private volatile Subscription subscription;

    public TableMirror(String table, Function<V, K> key, Function<String, K> parseKey, Supplier<List<V>> loadAll,
            Function<K, Optional<V>> loadOne, Function<Map<K, V>, D> derive) {
        this.table = table;
        this.key = key;
        this.parseKey = parseKey;
        this.loadAll = loadAll;
        this.loadOne = loadOne;
        this.derive = derive;
        this.view = derive.apply(Map.of());
        this.refresher = Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon().name("network-mirror-" + table).factory());
    }

    /** Loads the table and starts following its changes. */
    public void open(PostgresNotifications notifications) {
        subscription = notifications.listen(CHANNEL, this::notified, lostAt -> submit(this::reloadAll));
        reloadAll();
        // Changes made between this load and the moment LISTEN is active would be missed: load once more then.
        Subscription current = subscription;
        Thread.ofVirtual().name("network-mirror-" + table + "-active").start(() -> {
            try {
                if (current.awaitActive(Duration.ofMinutes(5))) {
                    submit(this::reloadAll);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /** The current view; never blocks. */
    public D view() {
        return view;
    }

    /** Re-reads one row now (after this replica wrote it). */
    public void refresh(K id) {
        synchronized (writes) {
            Optional<V> row = loadOne.apply(id);
            Map<K, V> next = new HashMap<>(rows);
            row.ifPresentOrElse(value -> next.put(id, value), () -> next.remove(id));
            publish(next);
        }
    }

    /** Re-reads the whole table. */
    public void reloadAll() {
        synchronized (writes) {
            Map<K, V> next = new HashMap<>();
            for (V value : loadAll.get()) {
                next.put(key.apply(value), value);
            }
            publish(next);
        }
    }

    private void publish(Map<K, V> next) {
        rows = Map.copyOf(next);
        view = derive.apply(rows);
    }

    private void notified(String payload) {
        if (!payload.startsWith(table + " ")) {
            return;
        }
        pending.add(payload.substring(table.length() + 1));
        if (drainScheduled.compareAndSet(false, true)) {
            submit(this::drain);
        }
    }

    private void drain() {
        drainScheduled.set(false);
        Set<String> ids = new LinkedHashSet<>();
        for (String id = pending.poll(); id != null; id = pending.poll()) {
            ids.add(id);
        }
        try {
            if (ids.size() > RELOAD_ALL_ABOVE) {
                reloadAll();
                return;
            }
            for (String id : ids) {
                K parsed;
                try {
                    parsed = parseKey.apply(id);
                } catch (RuntimeException e) {
                    continue;
                }
                refresh(parsed);
            }
        } catch (RuntimeException e) {
            // The database is unreachable: the next notification, or the reload after reconnecting, catches up.
            log.warn("Could not refresh the {} mirror: {}", table, e.getClass().getSimpleName());
        }
    }

    private void submit(Runnable task) {
        try {
            refresher.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    log.warn("Could not refresh the {} mirror: {}", table, e.getClass().getSimpleName());
                }
            });
        } catch (RejectedExecutionException e) {
            log.debug("{} mirror closed", table);
        }
    }

    @Override
    public void close() {
        Subscription current = subscription;
        subscription = null;
        if (current != null) {
            current.close();
        }
        refresher.shutdownNow();
    }
}
