package dev.symbia.messaging.live;

import dev.symbia.db.notify.PostgresNotifications;
import dev.symbia.db.notify.Subscription;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;
import tools.jackson.databind.json.JsonMapper;

/**
 * Delivers {@link ConversationEvent}s to this replica's live subscribers (WebSocket, SSE) and, through
 * PostgreSQL NOTIFY, to every other replica's (SPEC §10); each delivery is also published in-process as
 * {@link ConversationEventReceived}. Its parts:
 * <ul>
 *   <li>{@link LiveWriter} stores durable events in {@code live_events} (their id is the SSE event id) and
 *       announces them by id, ephemeral ones with their payload inline ({@link Announcements});</li>
 *   <li>{@link ReplicaFeed} receives other replicas' announcements, and catches up after a lost LISTEN;</li>
 *   <li>{@link Subscriptions} hands a frame to the conversation's connections, {@link Connections} keeps them;</li>
 *   <li>{@link DeliveredIds}: a replica delivers each durable event once, whichever way it arrives.</li>
 * </ul>
 */
@Component
class LiveHub implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LiveHub.class);
    private static final int REMEMBERED_IDS = 10_000;

    private final PostgresNotifications notifications;
    private final ApplicationEventPublisher publisher;
    private final Connections connections;
    private final Subscriptions subscriptions;
    private final LiveWriter writer;
    private final ReplicaFeed feed;
    private volatile ExecutorService dispatcher;
    private volatile Subscription subscription;
    private volatile boolean running;

    LiveHub(LiveEventStore store, PostgresNotifications notifications, PlatformTransactionManager transactionManager,
            JsonMapper json, ApplicationEventPublisher publisher, LiveProperties properties, LiveMeters meters,
            Connections connections, Subscriptions subscriptions) {
        this.notifications = notifications;
        this.publisher = publisher;
        this.connections = connections;
        this.subscriptions = subscriptions;
        DeliveredIds delivered = new DeliveredIds(REMEMBERED_IDS);
        Announcements announcements = new Announcements(json);
        this.writer = new LiveWriter(store, notifications, transactionManager, json, announcements, meters,
                properties.writerBacklog(), delivered, this::deliver);
        this.feed = new ReplicaFeed(announcements, store, json, delivered, this::deliver, this::dispatch);
    }

    /** After the publishing transaction commits (at once without one); never throws back at the publisher. */
    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void publish(ConversationEvent event) {
        writer.submit(event);
    }

    /** To this replica's subscribers, then to in-process listeners on the dispatcher. */
    private void deliver(LiveFrame frame, ConversationEvent event) {
        subscriptions.deliver(frame);
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

    @Override
    public void start() {
        dispatcher = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("messaging-live").factory());
        writer.start();
        subscription = notifications.listen(Announcements.CHANNEL, feed::onNotification, feed::resumed);
        connections.accept();
        running = true;
    }

    /** Ends every connection before the web server's graceful shutdown, which would otherwise wait for streams. */
    @Override
    public void stop() {
        running = false;
        connections.closeAll();
        Subscription current = subscription;
        if (current != null) {
            current.close();
        }
        ExecutorService executor = dispatcher;
        if (executor != null) {
            executor.shutdown();
        }
        writer.stop();
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
