package dev.symbia.network.trace;

import dev.symbia.db.notify.PostgresNotifications;
import dev.symbia.db.notify.Subscription;
import dev.symbia.network.config.ReplicaId;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Cross-replica fan-out through PostgreSQL LISTEN/NOTIFY (SPEC §10, libs/db's {@link PostgresNotifications}):
 * once a batch of routed events is written, this replica announces their ids on {@value #CHANNEL} (as few
 * notifications as fit, {@code "<replica> <id> <id> …"}); every other replica publishes
 * {@link StoredElsewhere}, which its watch streams (they read the stored event and trace) and its replay
 * guard (it refuses those ids too) consume.
 */
@Component
class HistoryFanout implements DisposableBean {

    static final String CHANNEL = "network_watch";
    private static final Logger log = LoggerFactory.getLogger(HistoryFanout.class);

    private final PostgresNotifications notifications;
    private final ReplicaId replica;
    private final ApplicationEventPublisher publisher;
    private final Subscription subscription;

    HistoryFanout(PostgresNotifications notifications, ReplicaId replica, ApplicationEventPublisher publisher,
            HistoryWriter writer) {
        this.notifications = notifications;
        this.replica = replica;
        this.publisher = publisher;
        this.subscription = notifications.listen(CHANNEL, this::received);
        writer.onStored(this::announce);
    }

    /** Tells the other replicas these events are stored (called on the history writer's thread). */
    void announce(List<String> eventIds) {
        List<String> payloads = new ArrayList<>();
        StringBuilder payload = new StringBuilder(replica.value());
        int bytes = payload.length();
        for (String id : eventIds) {
            int size = id.getBytes(StandardCharsets.UTF_8).length + 1;
            if (bytes + size > PostgresNotifications.MAX_PAYLOAD_BYTES) {
                payloads.add(payload.toString());
                payload = new StringBuilder(replica.value());
                bytes = payload.length();
            }
            payload.append(' ').append(id);
            bytes += size;
        }
        payloads.add(payload.toString());
        try {
            notifications.notifyAll(CHANNEL, payloads);
        } catch (RuntimeException e) {
            log.debug("Could not announce {} stored event(s) to other replicas", eventIds.size());
        }
    }

    private void received(String payload) {
        String[] parts = payload.split(" ");
        if (parts.length >= 2 && !parts[0].equals(replica.value())) {
            publisher.publishEvent(new StoredElsewhere(List.of(Arrays.copyOfRange(parts, 1, parts.length))));
        }
    }

    @Override
    public void destroy() {
        subscription.close();
    }
}
