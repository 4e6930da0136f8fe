package dev.symbia.messaging.live;

import java.time.Duration;
import java.time.Instant;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Other replicas' events, as their announcements arrive on the LISTEN connection: a stored event is loaded from
 * {@code live_events} by id, an ephemeral one comes inline; each is handed to local delivery once. After the
 * LISTEN connection was lost for a while, the durable events stored meanwhile are caught up.
 */
final class ReplicaFeed {

    private static final Logger log = LoggerFactory.getLogger(ReplicaFeed.class);
    private static final int CATCH_UP_LIMIT = 10_000;
    /** Allowance for clock differences between this replica and the database when catching up. */
    private static final Duration CATCH_UP_MARGIN = Duration.ofSeconds(5);

    private final Announcements announcements;
    private final LiveEventStore store;
    private final JsonMapper json;
    private final DeliveredIds delivered;
    private final BiConsumer<LiveFrame, ConversationEvent> local;
    private final Consumer<Runnable> dispatch;

    /** @param dispatch runs work off the LISTEN thread, in order */
    ReplicaFeed(Announcements announcements, LiveEventStore store, JsonMapper json, DeliveredIds delivered,
            BiConsumer<LiveFrame, ConversationEvent> local, Consumer<Runnable> dispatch) {
        this.announcements = announcements;
        this.store = store;
        this.json = json;
        this.delivered = delivered;
        this.local = local;
        this.dispatch = dispatch;
    }

    /** On the LISTEN thread: parse, skip our own, hand the rest to the dispatcher. */
    void onNotification(String text) {
        announcements.fromOthers(text).ifPresent(announcement -> dispatch.accept(() -> deliver(announcement)));
    }

    private void deliver(Announcements.Announcement announcement) {
        try {
            if (announcement.stored()) {
                if (delivered.firstTime(announcement.id())) {
                    store.find(announcement.id()).ifPresent(stored -> deliverStored(stored, announcement.origin()));
                }
                return;
            }
            local.accept(LiveFrame.of(0, announcement.conversationId(), announcement.name(),
                            json.writeValueAsString(announcement.payload()), announcement.origin(), json),
                    ConversationEvent.ephemeral(announcement.conversationId(), announcement.name(), announcement.payload(),
                            announcement.origin()));
        } catch (RuntimeException e) {
            log.warn("Live announcement from another replica not delivered: {}", e.toString());
        }
    }

    private void deliverStored(LiveEventStore.StoredEvent stored, String origin) {
        local.accept(LiveFrame.of(stored.id(), stored.conversationId(), stored.name(), stored.payload(), origin, json),
                ConversationEvent.durable(stored.conversationId(), stored.name(), json.readTree(stored.payload()), origin));
    }

    /** The LISTEN connection was lost for a while: deliver the durable events stored meanwhile. */
    void resumed(Instant lostAt) {
        dispatch.accept(() -> {
            try {
                for (LiveEventStore.StoredEvent stored : store.since(lostAt.minus(CATCH_UP_MARGIN), CATCH_UP_LIMIT)) {
                    if (delivered.firstTime(stored.id())) {
                        deliverStored(stored, null);
                    }
                }
            } catch (RuntimeException e) {
                log.warn("Catching up on live events failed: {}", e.toString());
            }
        });
    }
}
