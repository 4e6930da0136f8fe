package dev.symbia.models.registry;

import com.github.benmanes.caffeine.cache.CacheLoader;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.LoadingCache;
import dev.symbia.db.notify.PostgresNotifications;
import dev.symbia.db.notify.Subscription;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The request path's lookup caches (registry entries, org policies), kept fresh across replicas by PostgreSQL NOTIFY
 * on {@value #CHANNEL} instead of by expiry: a change made through any replica is announced ({@link #changed}) and
 * every replica drops the entry within the listener's poll interval (250 ms). While this replica hears the channel,
 * an entry lives {@link #HEARING}, so a generation is never accompanied by background reloads (they cost a database
 * round trip and the embedded or local PostgreSQL's CPU about once a second, on the cores llama.cpp's threads need);
 * while it does not (at start, or the listening connection lost), entries live {@link #DEAF} as before, and every
 * entry is dropped when listening resumes, since notifications sent meanwhile were lost.
 */
@Component
public class LookupCaches {

    static final String CHANNEL = "models_lookups";
    /** Life of an entry while notifications arrive: a safety net only. */
    static final Duration HEARING = Duration.ofMinutes(10);
    /** Life of an entry while they may not: how stale another replica's change may be seen. */
    static final Duration DEAF = Duration.ofSeconds(2);

    private static final Logger log = LoggerFactory.getLogger(LookupCaches.class);

    private final PostgresNotifications notifications;
    private final Map<String, LoadingCache<String, ?>> caches = new ConcurrentHashMap<>();
    private final Subscription subscription;

    /** Public for tests, where a second instance over its own {@link PostgresNotifications} is another replica. */
    public LookupCaches(PostgresNotifications notifications) {
        this.notifications = notifications;
        this.subscription = notifications.listen(CHANNEL, this::heard, lostAt -> caches.values().forEach(LoadingCache::invalidateAll));
    }

    /** A cache of {@code kind} (a word without ':'), its entries dropped on every replica by {@link #changed}. */
    public <V> LoadingCache<String, V> cache(String kind, CacheLoader<String, V> loader) {
        LoadingCache<String, V> cache = Caffeine.newBuilder().maximumSize(10_000).expireAfter(new Expiry<String, V>() {
            @Override
            public long expireAfterCreate(String key, V value, long now) {
                return (hearing() ? HEARING : DEAF).toNanos();
            }

            @Override
            public long expireAfterUpdate(String key, V value, long now, long current) {
                return expireAfterCreate(key, value, now);
            }

            @Override
            public long expireAfterRead(String key, V value, long now, long current) {
                return current;
            }
        }).build(loader);
        if (caches.putIfAbsent(kind, cache) != null) {
            throw new IllegalStateException("Two lookup caches of kind " + kind);
        }
        return cache;
    }

    /**
     * Drops {@code key} (every key when null) of {@code kind} here at once and on every other replica through the
     * channel. Call after the change is committed.
     */
    public void changed(String kind, String key) {
        drop(kind, key);
        try {
            notifications.notify(CHANNEL, key == null ? kind : kind + ":" + key);
        } catch (RuntimeException e) {
            // other replicas see it when their entries expire
            log.warn("Could not announce a change of {} {} to other replicas: {}", kind, key, e.getMessage());
        }
    }

    private boolean hearing() {
        try {
            return notifications.isListening() && subscription.awaitActive(Duration.ZERO);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void heard(String payload) {
        int colon = payload.indexOf(':');
        drop(colon < 0 ? payload : payload.substring(0, colon), colon < 0 ? null : payload.substring(colon + 1));
    }

    private void drop(String kind, String key) {
        LoadingCache<String, ?> cache = caches.get(kind);
        if (cache == null) {
            return;
        }
        if (key == null) {
            cache.invalidateAll();
        } else {
            cache.invalidate(key);
        }
    }

    /** Waits until changes announced from now on reach this replica (the channel is listened to); for tests. */
    public boolean awaitHearing(Duration timeout) throws InterruptedException {
        return subscription.awaitActive(timeout) && notifications.isListening();
    }

    @PreDestroy
    public void close() {
        subscription.close();
    }
}
