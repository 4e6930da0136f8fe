package dev.symbia.messaging.live;

import dev.symbia.db.notify.PostgresNotifications;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stores and announces this replica's events, then hands each to local delivery once committed, in order.
 * Never throws back at the publisher and never writes on its thread: after commit the publisher's connection is
 * still held, and taking a second one per request starves the pool under load (measured: 100 concurrent chats on
 * a pool of 10). Events join a bounded queue that one writer per replica drains, a batch per transaction.
 */
final class LiveWriter {

    private static final Logger log = LoggerFactory.getLogger(LiveWriter.class);
    /** Events written per transaction at most. */
    static final int MAX_BATCH = 256;

    private final LiveEventStore store;
    private final PostgresNotifications notifications;
    private final TransactionTemplate transactions;
    private final JsonMapper json;
    private final Announcements announcements;
    private final LiveMeters meters;
    private final DeliveredIds delivered;
    private final BiConsumer<LiveFrame, ConversationEvent> local;
    private final BlockingQueue<ConversationEvent> pending;
    private final AtomicBoolean draining = new AtomicBoolean();
    private volatile ExecutorService executor;

    LiveWriter(LiveEventStore store, PostgresNotifications notifications, PlatformTransactionManager transactionManager,
            JsonMapper json, Announcements announcements, LiveMeters meters, int backlog, DeliveredIds delivered,
            BiConsumer<LiveFrame, ConversationEvent> local) {
        this.store = store;
        this.notifications = notifications;
        this.transactions = new TransactionTemplate(transactionManager);
        // After commit the finished transaction is still bound to the thread: writing there would never commit.
        this.transactions.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.json = json;
        this.announcements = announcements;
        this.meters = meters;
        this.delivered = delivered;
        this.local = local;
        this.pending = new LinkedBlockingQueue<>(backlog);
    }

    void start() {
        executor = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("messaging-live-writer").factory());
    }

    void stop() {
        ExecutorService current = executor;
        executor = null;
        if (current != null) {
            current.shutdown();
        }
    }

    /** Queues the event for the writer (written at once, here, before start); drops it when the backlog is full. */
    void submit(ConversationEvent event) {
        ExecutorService current = executor;
        if (current == null) {
            write(List.of(event));
            return;
        }
        if (!pending.offer(event)) {
            meters.dropped("backlog");
            log.debug("Live event {} of conversation {} dropped: {} events wait for the database already",
                    event.name(), event.conversationId(), pending.size());
            return;
        }
        if (draining.compareAndSet(false, true)) {
            try {
                current.execute(this::drain);
            } catch (RejectedExecutionException e) {
                draining.set(false);
                List<ConversationEvent> lost = new ArrayList<>();
                pending.drainTo(lost);
                lost.forEach(ignored -> meters.dropped("stopped"));
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
     * serialises the commits of transactions that notify). Should the batch fail (one event's conversation
     * deleted meanwhile, say), its events are retried one by one.
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
        meters.batch(outgoing.size());
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
            outgoing.announcement = announcements.ephemeral(event, payload).orElse(null);
            if (outgoing.announcement == null) {
                meters.dropped("too-large");
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
        List<String> texts = new ArrayList<>(batch.size());
        for (Outgoing o : batch) {
            if (o.event.durable()) {
                texts.add(announcements.stored(o.id, o.event.origin()));
            } else if (o.announcement != null) {
                texts.add(o.announcement);
            }
        }
        notifications.notifyAll(Announcements.CHANNEL, texts);
    }

    private void deliver(Outgoing o) {
        long id = o.event.durable() ? o.id : 0;
        if (delivered.firstTime(id)) {
            local.accept(LiveFrame.of(id, o.event.conversationId(), o.event.name(), o.data, o.event.origin(), json), o.event);
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
        meters.dropped("failed");
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
}
