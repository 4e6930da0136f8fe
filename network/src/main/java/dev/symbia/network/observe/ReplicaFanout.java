package dev.symbia.network.observe;

import dev.symbia.db.notify.PostgresNotifications;
import dev.symbia.db.notify.Subscription;
import dev.symbia.network.config.ReplicaId;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Cross-replica fan-out through PostgreSQL LISTEN/NOTIFY (SPEC §10, libs/db's
 * {@link PostgresNotifications}): each replica announces the events it routed, and every other replica
 * hands them to its own watchers, so a watch stream sees the whole network whichever replica it is
 * connected to.
 */
@Component
class ReplicaFanout implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ReplicaFanout.class);
    static final String CHANNEL = "network_watch";

    private final PostgresNotifications notifications;
    private final ReplicaId replica;
    private volatile Consumer<String> onRemoteEvent = id -> { };
    private volatile Subscription subscription;

    ReplicaFanout(PostgresNotifications notifications, ReplicaId replica) {
        this.notifications = notifications;
        this.replica = replica;
    }

    void onRemoteEvent(Consumer<String> consumer) {
        this.onRemoteEvent = consumer;
    }

    /** Tells the other replicas an event was routed here. */
    void announce(String eventId) {
        try {
            notifications.notify(CHANNEL, replica.value() + " " + eventId);
        } catch (RuntimeException e) {
            log.debug("Could not announce event {} to other replicas", eventId);
        }
    }

    @Override
    public void start() {
        subscription = notifications.listen(CHANNEL, this::received);
    }

    @Override
    public void stop() {
        Subscription current = subscription;
        subscription = null;
        if (current != null) {
            current.close();
        }
    }

    @Override
    public boolean isRunning() {
        return subscription != null;
    }

    private void received(String payload) {
        String[] parts = payload.split(" ", 2);
        if (parts.length == 2 && !parts[0].equals(replica.value())) {
            onRemoteEvent.accept(parts[1]);
        }
    }
}
