package dev.symbia.logging.tail;

import dev.symbia.db.notify.PostgresNotifications;
import dev.symbia.db.notify.Subscription;
import dev.symbia.logging.logs.LogEntry;
import dev.symbia.logging.logs.LogEntryStore;
import dev.symbia.logging.logs.LogsIngested;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Fan-out from the ingest path to live tails, across replicas. Entries stored here go straight to
 * this replica's tails and are announced (ids, {@link TailAnnouncement}) on a PostgreSQL channel;
 * every other replica with a tail reading that org reads them from the table and hands them to its
 * tails. A replica listens only while it has tails, so one without holds no connection for it.
 */
@Component
class TailHub implements SmartLifecycle, DisposableBean {

    static final String CHANNEL = "logging_tail";
    private static final Logger log = LoggerFactory.getLogger(TailHub.class);
    /** How long a new tail waits for the channel before it is told it is connected. */
    private static final Duration LISTEN_TIMEOUT = Duration.ofSeconds(5);

    private final Map<String, TailSubscriber> subscribers = new ConcurrentHashMap<>();
    private final Semaphore capacity;
    private final TailProperties properties;
    private final PostgresNotifications notifications;
    private final LogEntryStore search;
    private final JsonMapper json;
    private final String replica = UUID.randomUUID().toString();
    // Reads of other replicas' entries, off the listening thread; bounded: when tails cannot keep up
    // with announcements, the oldest reads are skipped rather than memory growing without limit.
    private final ThreadPoolExecutor reads = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(1_000), Thread.ofVirtual().name("tail-reads-", 0).factory(),
            new ThreadPoolExecutor.DiscardOldestPolicy());
    private Subscription subscription; // guarded by this
    private volatile boolean running;

    TailHub(TailProperties properties, PostgresNotifications notifications, LogEntryStore search, JsonMapper json) {
        this.properties = properties;
        this.capacity = new Semaphore(properties.maxSubscribers());
        this.notifications = notifications;
        this.search = search;
        this.json = json;
    }

    /** A registered subscriber, or empty when the replica already has its maximum of tails; {@link #serve} runs it. */
    Optional<TailSubscriber> subscribe(TailFilter filter) {
        if (!capacity.tryAcquire()) {
            return Optional.empty();
        }
        String id = UUID.randomUUID().toString();
        TailSubscriber subscriber = new TailSubscriber(id, filter, properties.bufferSize(), properties.heartbeat(),
                s -> {
                    if (subscribers.remove(s.id) != null) {
                        capacity.release();
                        listenWhileSubscribed();
                    }
                });
        subscribers.put(id, subscriber);
        listenWhileSubscribed();
        return Optional.of(subscriber);
    }

    /**
     * Sends the subscriber's events to {@code sink} on the calling thread until it ends or {@code maxDuration}
     * passed. {@code connected} is sent once this replica listens for the others, so it misses nothing stored
     * after that.
     */
    void serve(TailSubscriber subscriber, TailSink sink, Function<String, Object> connected) {
        long deadline = System.nanoTime() + properties.maxDuration().toNanos();
        awaitListening(currentSubscription());
        subscriber.run(connected.apply(subscriber.id), sink, deadline);
    }

    private synchronized Subscription currentSubscription() {
        return subscription;
    }

    @EventListener
    void onIngested(LogsIngested event) {
        deliver(event.entries());
        announce(event.entries());
    }

    int size() {
        return subscribers.size();
    }

    private void deliver(List<LogEntry> entries) {
        for (TailSubscriber subscriber : subscribers.values()) {
            subscriber.offer(entries);
        }
    }

    /** Tells the other replicas; stored entries stay stored when this fails, only remote tails miss them. */
    private void announce(List<LogEntry> entries) {
        Map<UUID, List<UUID>> idsByOrg = entries.stream().collect(Collectors.groupingBy(LogEntry::orgId,
                java.util.LinkedHashMap::new, Collectors.mapping(LogEntry::id, Collectors.toList())));
        try {
            for (var org : idsByOrg.entrySet()) {
                notifications.notifyAll(CHANNEL, TailAnnouncement.payloads(json, replica, org.getKey(), org.getValue()));
            }
        } catch (RuntimeException e) {
            log.warn("Could not announce {} log entries to other replicas' live tails: {}", entries.size(), e.toString());
        }
    }

    /** On the listening thread: quick checks here, the read on {@link #reads}. */
    private void onAnnouncement(String payload) {
        TailAnnouncement announcement;
        try {
            announcement = TailAnnouncement.parse(json, payload);
        } catch (RuntimeException e) {
            log.warn("Ignoring a malformed live tail announcement: {}", e.toString());
            return;
        }
        if (replica.equals(announcement.replica()) || !wanted(announcement.org())) {
            return;
        }
        try {
            reads.execute(() -> readAndDeliver(announcement));
        } catch (RejectedExecutionException e) {
            log.debug("Live tail read skipped: shutting down");
        }
    }

    private void readAndDeliver(TailAnnouncement announcement) {
        try {
            deliver(search.inIngestOrder(announcement.org(), announcement.ids()));
        } catch (RuntimeException e) {
            log.warn("Could not read {} announced log entries for live tails: {}", announcement.ids().size(), e.toString());
        }
    }

    private boolean wanted(UUID org) {
        return subscribers.values().stream().anyMatch(s -> s.reads(org));
    }

    private void resumed(Instant lostAt) {
        // Entries stored elsewhere meanwhile are not replayed: a live tail shows what happens from now on.
        log.info("Live tail announcements resumed; lines stored on other replicas since {} were not tailed", lostAt);
    }

    /** Listens while there are tails, stops when the last one ends; the current subscription, if any. */
    private synchronized Subscription listenWhileSubscribed() {
        if (!subscribers.isEmpty() && subscription == null) {
            subscription = notifications.listen(CHANNEL, this::onAnnouncement, this::resumed);
        } else if (subscribers.isEmpty() && subscription != null) {
            subscription.close();
            subscription = null;
        }
        return subscription;
    }

    private static void awaitListening(Subscription listening) {
        try {
            if (listening != null && !listening.awaitActive(LISTEN_TIMEOUT)) {
                log.warn("Live tail connected before listening to other replicas (database slow or down): "
                        + "it shows this replica's lines until then");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void start() {
        running = true;
    }

    /** Ends every tail before the web server's graceful shutdown, which would otherwise wait for them. */
    @Override
    public void stop() {
        running = false;
        subscribers.values().forEach(TailSubscriber::close);
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public void destroy() {
        reads.shutdownNow();
    }
}
