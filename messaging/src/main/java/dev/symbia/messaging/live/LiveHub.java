package dev.symbia.messaging.live;

import dev.symbia.db.notify.PostgresNotifications;
import dev.symbia.db.notify.Subscription;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Delivers {@link ConversationEvent}s to this replica's live subscribers (WebSocket, SSE) and, through
 * PostgreSQL NOTIFY on {@value #CHANNEL}, to every other replica's (SPEC §10).
 *
 * <p>Durable events are stored in {@code live_events} (their id is the SSE event id) and announced by id;
 * ephemeral ones are announced with their payload inline, or not at all when too large for NOTIFY (best
 * effort). A replica delivers its own events directly and ignores their announcements, so each event is
 * delivered once per replica; each delivery is also published as {@link ConversationEventReceived}.
 */
@Component
class LiveHub implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LiveHub.class);
    static final String CHANNEL = "messaging_live";
    /** Signals about a principal are for the others: never sent back to that principal's own connections. */
    static final Set<String> NOT_ECHOED = Set.of("typing:started", "typing:stopped", "participant:online",
            "participant:offline");
    private static final int REMEMBERED_IDS = 10_000;
    private static final int CATCH_UP_LIMIT = 10_000;
    /** Events written per transaction at most. */
    static final int MAX_BATCH = 256;
    /** Allowance for clock differences between this replica and the database when catching up. */
    private static final Duration CATCH_UP_MARGIN = Duration.ofSeconds(5);

    enum Transport {
        WEBSOCKET("websocket"), SSE("sse");

        final String tag;

        Transport(String tag) {
            this.tag = tag;
        }
    }

    /** A connection of this replica receiving some conversations' events. */
    interface Subscriber {
        /** Participant id of the connection's principal (echo suppression). */
        String principalId();

        Transport transport();

        /** Queues the frame; false when the connection is gone or too slow. Never blocks. */
        boolean deliver(LiveFrame frame);
    }

    private final LiveEventStore store;
    private final PostgresNotifications notifications;
    private final TransactionTemplate transactions;
    private final JsonMapper json;
    private final ApplicationEventPublisher publisher;
    private final LiveProperties properties;
    private final MeterRegistry meters;
    private final String replica = UUID.randomUUID().toString();
    private final Map<UUID, Set<Subscriber>> subscribers = new ConcurrentHashMap<>();
    private final Map<Transport, AtomicInteger> open = Map.of(Transport.WEBSOCKET, new AtomicInteger(),
            Transport.SSE, new AtomicInteger());
    private final Set<Outbox<?>> outboxes = ConcurrentHashMap.newKeySet();
    // Durable ids delivered here lately: a caught-up event is never delivered twice.
    private final Set<Long> delivered = Collections.synchronizedSet(Collections.newSetFromMap(
            new LinkedHashMap<>(1024, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<Long, Boolean> eldest) {
                    return size() > REMEMBERED_IDS;
                }
            }));
    private final Map<Transport, Counter> deliveredCount;
    private final DistributionSummary batches;
    private final BlockingQueue<ConversationEvent> pending;
    private final AtomicBoolean draining = new AtomicBoolean();
    private volatile ExecutorService dispatcher;
    private volatile ExecutorService writer;
    private volatile Subscription subscription;
    private volatile boolean running;

    LiveHub(LiveEventStore store, PostgresNotifications notifications, PlatformTransactionManager transactionManager,
            JsonMapper json, ApplicationEventPublisher publisher, LiveProperties properties, MeterRegistry meters) {
        this.store = store;
        this.notifications = notifications;
        this.transactions = new TransactionTemplate(transactionManager);
        // After commit the finished transaction is still bound to the thread: writing there would never commit.
        this.transactions.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.json = json;
        this.publisher = publisher;
        this.properties = properties;
        this.meters = meters;
        this.pending = new LinkedBlockingQueue<>(properties.writerBacklog());
        open.forEach((transport, count) ->
                meters.gauge("messaging.live.connections", Tags.of("transport", transport.tag), count));
        batches = DistributionSummary.builder("messaging.live.writer.batch")
                .description("Live events stored and announced per transaction").register(meters);
        deliveredCount = Map.of(Transport.WEBSOCKET, deliveredCounter(Transport.WEBSOCKET),
                Transport.SSE, deliveredCounter(Transport.SSE));
    }

    private Counter deliveredCounter(Transport transport) {
        return meters.counter("messaging.live.events.delivered", "transport", transport.tag);
    }

    private void dropped(String reason) {
        meters.counter("messaging.live.events.dropped", "reason", reason).increment();
    }

    // ---- connections

    /** A new outbox for a connection, or null when this replica has its maximum of that transport. */
    <T> Outbox<T> open(Transport transport, String name, Outbox.Sink<T> sink, Runnable onEnd) {
        int limit = transport == Transport.WEBSOCKET ? properties.maxConnections() : properties.maxStreams();
        AtomicInteger count = open.get(transport);
        if (!running) {
            return null;
        }
        if (count.incrementAndGet() > limit) {
            count.decrementAndGet();
            return null;
        }
        Outbox<T> outbox = new Outbox<>(name, sink, properties.sendBufferEvents(), properties.sendBufferSize().toBytes(),
                properties.heartbeat(), ended -> {
                    outboxes.remove(ended);
                    count.decrementAndGet();
                    if (ended.ending() == Outbox.Ending.TOO_SLOW) {
                        dropped("slow-consumer");
                    }
                    onEnd.run();
                });
        outboxes.add(outbox);
        return outbox;
    }

    int openCount(Transport transport) {
        return open.get(transport).get();
    }

    void subscribe(UUID conversationId, Subscriber subscriber) {
        subscribers.computeIfAbsent(conversationId, id -> ConcurrentHashMap.newKeySet()).add(subscriber);
    }

    void unsubscribe(UUID conversationId, Subscriber subscriber) {
        subscribers.computeIfPresent(conversationId, (id, set) -> {
            set.remove(subscriber);
            return set.isEmpty() ? null : set;
        });
    }

    // ---- events

    /**
     * After the publishing transaction commits (at once without one). Never throws back at the publisher, and
     * never writes on its thread: after commit the publisher's connection is still held, and taking a second
     * one per request starves the pool under load (measured: 100 concurrent chats on a pool of 10). The event
     * joins a bounded queue that one writer per replica drains in order, a batch per transaction.
     */
    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void publish(ConversationEvent event) {
        ExecutorService executor = writer;
        if (executor == null) {
            write(List.of(event));
            return;
        }
        if (!pending.offer(event)) {
            dropped("backlog");
            log.debug("Live event {} of conversation {} dropped: {} events wait for the database already",
                    event.name(), event.conversationId(), pending.size());
            return;
        }
        if (draining.compareAndSet(false, true)) {
            try {
                executor.execute(this::drain);
            } catch (RejectedExecutionException e) {
                draining.set(false);
                List<ConversationEvent> lost = new ArrayList<>();
                pending.drainTo(lost);
                lost.forEach(ignored -> dropped("stopped"));
            }
        }
    }

    /** On the writer: batches of what is waiting, until nothing is. */
    private void drain() {
        List<ConversationEvent> batch = new ArrayList<>(MAX_BATCH);
        boolean drained = false;
        try {
            while (true) {
                pending.drainTo(batch, MAX_BATCH);
                if (batch.isEmpty()) {
                    draining.set(false);
                    drained = true;
                    // An event queued between the drain and the flag going down would otherwise wait for the next one.
                    if (pending.isEmpty() || !draining.compareAndSet(false, true)) {
                        return;
                    }
                    drained = false;
                    continue;
                }
                try {
                    write(batch);
                } catch (RuntimeException e) {
                    batch.forEach(event -> failed(event, e));
                } finally {
                    batch.clear();
                }
            }
        } finally {
            if (!drained) {
                draining.set(false); // never left set by a writer that died: the next event starts another
            }
        }
    }

    /**
     * A batch in one transaction: its durable events stored in one statement and every announcement sent in
     * another, so a burst of chats costs one commit per batch rather than one or two per event (PostgreSQL
     * serialises the commits of transactions that notify). Delivered here once committed, in order. Should
     * the batch fail (one event's conversation deleted meanwhile, say), its events are retried one by one.
     */
    private void write(List<ConversationEvent> batch) {
        List<Outgoing> outgoing = new ArrayList<>(batch.size());
        for (ConversationEvent event : batch) {
            try {
                outgoing.add(outgoing(event));
            } catch (RuntimeException e) {
                failed(event, e);
            }
        }
        if (outgoing.isEmpty()) {
            return;
        }
        batches.record(outgoing.size());
        try {
            transactions.executeWithoutResult(status -> store(outgoing));
        } catch (RuntimeException e) {
            if (outgoing.size() == 1) {
                failed(outgoing.getFirst(), e);
                return;
            }
            outgoing.forEach(this::writeAlone);
            return;
        }
        outgoing.forEach(this::deliver);
    }

    private void writeAlone(Outgoing one) {
        try {
            transactions.executeWithoutResult(status -> store(List.of(one)));
        } catch (RuntimeException e) {
            failed(one, e);
            return;
        }
        deliver(one);
    }

    private Outgoing outgoing(ConversationEvent event) {
        JsonNode payload = json.valueToTree(event.payload());
        Outgoing outgoing = new Outgoing(event, json.writeValueAsString(payload));
        if (!event.durable()) {
            String text = ephemeralAnnouncement(event, payload);
            if (PostgresNotifications.fits(text)) {
                outgoing.announcement = text;
            } else {
                dropped("too-large");
                log.debug("Ephemeral {} of conversation {} too large for other replicas", event.name(), event.conversationId());
            }
        }
        return outgoing;
    }

    /** Same transaction: the announcements go out exactly when the rows are visible. */
    private void store(List<Outgoing> batch) {
        List<Outgoing> durable = batch.stream().filter(o -> o.event.durable()).toList();
        if (!durable.isEmpty()) {
            List<Long> ids = store.insertAll(durable.stream().map(o -> o.event.conversationId()).toList(),
                    durable.stream().map(o -> o.event.name()).toList(), durable.stream().map(o -> o.data).toList());
            for (int i = 0; i < durable.size(); i++) {
                durable.get(i).id = ids.get(i);
            }
        }
        List<String> announcements = new ArrayList<>(batch.size());
        for (Outgoing o : batch) {
            if (o.event.durable()) {
                announcements.add(announcement(o.id, o.event.origin()));
            } else if (o.announcement != null) {
                announcements.add(o.announcement);
            }
        }
        notifications.notifyAll(CHANNEL, announcements);
    }

    private void deliver(Outgoing o) {
        if (!o.event.durable()) {
            deliver(frame(0, o.event.conversationId(), o.event.name(), o.data, o.event.origin()), o.event);
        } else if (remember(o.id)) {
            deliver(frame(o.id, o.event.conversationId(), o.event.name(), o.data, o.event.origin()), o.event);
        }
    }

    /** Ephemeral events still reach this replica's subscribers; durable ones are lost (and counted). */
    private void failed(Outgoing o, RuntimeException e) {
        if (!o.event.durable()) {
            deliver(o);
        }
        failed(o.event, e);
    }

    private void failed(ConversationEvent event, RuntimeException e) {
        dropped("failed");
        log.warn("Live event {} of conversation {} not delivered: {}", event.name(), event.conversationId(), e.toString());
    }

    /** An event on its way out: its JSON once, its id once stored, its announcement when ephemeral. */
    private static final class Outgoing {
        final ConversationEvent event;
        final String data;
        String announcement;
        long id;

        Outgoing(ConversationEvent event, String data) {
            this.event = event;
            this.data = data;
        }
    }

    private String announcement(long id, String origin) {
        ObjectNode node = json.createObjectNode().put("replica", replica).put("id", id);
        node.put("origin", origin);
        return json.writeValueAsString(node);
    }

    private String ephemeralAnnouncement(ConversationEvent event, JsonNode payload) {
        ObjectNode node = json.createObjectNode().put("replica", replica)
                .put("conversationId", event.conversationId().toString()).put("name", event.name());
        node.put("origin", event.origin());
        node.set("payload", payload);
        return json.writeValueAsString(node);
    }

    private LiveFrame frame(long id, UUID conversationId, String name, String data, String origin) {
        return LiveFrame.of(id, conversationId, name, data, origin, json.writeValueAsString(name));
    }

    /** True the first time a durable id is seen here (ephemeral ids, 0, always pass). */
    private boolean remember(long id) {
        return id <= 0 || delivered.add(id);
    }

    private void deliver(LiveFrame frame, ConversationEvent event) {
        Set<Subscriber> targets = subscribers.get(frame.conversationId());
        if (targets != null) {
            boolean notEchoed = frame.origin() != null && NOT_ECHOED.contains(frame.name());
            for (Subscriber subscriber : targets) {
                if (notEchoed && frame.origin().equals(subscriber.principalId())) {
                    continue;
                }
                if (subscriber.deliver(frame)) {
                    deliveredCount.get(subscriber.transport()).increment();
                }
            }
        }
        dispatch(() -> {
            try {
                publisher.publishEvent(new ConversationEventReceived(event, frame.id()));
            } catch (RuntimeException e) {
                log.warn("A listener of {} failed", event.name(), e);
            }
        });
    }

    private void dispatch(Runnable task) {
        ExecutorService executor = dispatcher;
        try {
            if (executor != null) {
                executor.execute(task);
            }
        } catch (RejectedExecutionException e) {
            log.debug("Live hub stopped; task dropped");
        }
    }

    // ---- other replicas

    /** On the LISTEN thread: parse, skip our own, hand the rest to the dispatcher. */
    private void onNotification(String text) {
        JsonNode node;
        try {
            node = json.readTree(text);
        } catch (JacksonException e) {
            log.debug("Unreadable live announcement ignored");
            return;
        }
        if (!replica.equals(node.path("replica").asString(""))) {
            dispatch(() -> remote(node));
        }
    }

    private void remote(JsonNode node) {
        try {
            String origin = node.path("origin").isString() ? node.get("origin").stringValue() : null;
            long id = node.path("id").asLong(0);
            if (id > 0) {
                if (remember(id)) {
                    store.find(id).ifPresent(stored -> deliverStored(stored, origin));
                }
                return;
            }
            UUID conversationId = UUID.fromString(node.path("conversationId").asString(""));
            String name = node.path("name").asString("");
            JsonNode payload = node.path("payload");
            deliver(frame(0, conversationId, name, json.writeValueAsString(payload), origin),
                    new ConversationEvent(conversationId, name, payload, origin, false));
        } catch (RuntimeException e) {
            log.warn("Live announcement from another replica not delivered: {}", e.toString());
        }
    }

    private void deliverStored(LiveEventStore.StoredEvent stored, String origin) {
        JsonNode payload = json.readTree(stored.payload());
        deliver(frame(stored.id(), stored.conversationId(), stored.name(), stored.payload(), origin),
                new ConversationEvent(stored.conversationId(), stored.name(), payload, origin, true));
    }

    /** The LISTEN connection was lost for a while: deliver the durable events stored meanwhile. */
    private void resumed(Instant lostAt) {
        dispatch(() -> {
            try {
                for (LiveEventStore.StoredEvent stored : store.since(lostAt.minus(CATCH_UP_MARGIN), CATCH_UP_LIMIT)) {
                    if (remember(stored.id())) {
                        deliverStored(stored, null);
                    }
                }
            } catch (RuntimeException e) {
                log.warn("Catching up on live events failed: {}", e.toString());
            }
        });
    }

    // ---- lifecycle

    @Override
    public void start() {
        dispatcher = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("messaging-live").factory());
        writer = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("messaging-live-writer").factory());
        subscription = notifications.listen(CHANNEL, this::onNotification, this::resumed);
        running = true;
    }

    /** Ends every connection before the web server's graceful shutdown, which would otherwise wait for streams. */
    @Override
    public void stop() {
        running = false;
        Subscription current = subscription;
        if (current != null) {
            current.close();
        }
        outboxes.forEach(outbox -> outbox.end(Outbox.Ending.SHUTDOWN));
        ExecutorService executor = dispatcher;
        if (executor != null) {
            executor.shutdown();
        }
        ExecutorService pending = writer;
        writer = null;
        if (pending != null) {
            pending.shutdown();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** For tests: waits until other replicas' announcements reach this one. */
    boolean awaitListening(Duration timeout) throws InterruptedException {
        Subscription current = subscription;
        return current != null && current.awaitActive(timeout);
    }
}
