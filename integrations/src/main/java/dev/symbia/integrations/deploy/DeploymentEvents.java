package dev.symbia.integrations.deploy;

import dev.symbia.db.notify.PostgresNotifications;
import dev.symbia.db.notify.Subscription;
import dev.symbia.integrations.credential.Account;
import dev.symbia.integrations.realtime.RealtimeBroadcasts;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Where a deployment's changes go: to the SSE subscribers of that deployment on every replica (the change is
 * announced with PostgreSQL NOTIFY and each replica with subscribers reads the deployment back), and — when
 * Supabase is configured and a key is found for the deployment's user — to Supabase Realtime as a private
 * broadcast on {@code deployments:<orgId>} (event {@code deployment.updated}), so Supabase's own authorization
 * decides who hears it ({@link RealtimeBroadcasts}: off the deployment's thread, retried, a failed one logged and
 * dropped, never slowing or failing the deployment).
 */
@Component
class DeploymentEvents implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(DeploymentEvents.class);
    static final String CHANNEL = "integrations_deployments";

    private final Map<UUID, List<Consumer<DeploymentView>>> subscribers = new ConcurrentHashMap<>();
    private final DeploymentStore store;
    private final PostgresNotifications notifications;
    private final Subscription listening;
    private final ExecutorService deliveries = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("deployment-delivery-", 0).factory());
    private final RealtimeBroadcasts realtime;
    private final JsonMapper json;

    DeploymentEvents(DeploymentStore store, PostgresNotifications notifications, RealtimeBroadcasts realtime,
            JsonMapper json) {
        this.store = store;
        this.notifications = notifications;
        this.listening = notifications.listen(CHANNEL, this::changed, lostAt -> subscribers.keySet().forEach(this::changed));
        this.realtime = realtime;
        this.json = json;
    }

    /** Receives every later change of the deployment until the returned handle is run. */
    Runnable subscribe(UUID id, Consumer<DeploymentView> listener) {
        subscribers.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>()).add(listener);
        return () -> subscribers.computeIfPresent(id, (k, list) -> {
            list.remove(listener);
            return list.isEmpty() ? null : list;
        });
    }

    /** Announces a change of the deployment to every replica's subscribers; broadcasts it from here. */
    void publish(DeploymentView view) {
        try {
            notifications.notify(CHANNEL, view.id().toString());
        } catch (RuntimeException e) {
            log.warn("Could not announce a change of deployment {} ({})", view.id(), e.getClass().getSimpleName());
            deliver(view); // this replica's subscribers at least
        }
        broadcast(view);
    }

    private void changed(String payload) {
        UUID id;
        try {
            id = UUID.fromString(payload);
        } catch (IllegalArgumentException e) {
            return;
        }
        changed(id);
    }

    // On the listening thread: only a lookup here, the read and the sends on a thread of their own.
    private void changed(UUID id) {
        if (subscribers.containsKey(id)) {
            deliveries.execute(() -> {
                try {
                    store.find(id).ifPresent(this::deliver);
                } catch (RuntimeException e) {
                    log.debug("Could not read deployment {} for its subscribers ({})", id, e.getClass().getSimpleName());
                }
            });
        }
    }

    private void deliver(DeploymentView view) {
        for (Consumer<DeploymentView> listener : subscribers.getOrDefault(view.id(), List.of())) {
            try {
                listener.accept(view);
            } catch (RuntimeException e) {
                log.debug("A deployment subscriber failed ({})", e.getClass().getSimpleName());
            }
        }
    }

    private void broadcast(DeploymentView view) {
        realtime.sendLater(new Account(view.orgId(), view.userId()),
                "deployments:" + view.orgId(), "deployment.updated", json.valueToTree(view));
    }

    @Override
    public void destroy() {
        listening.close();
        deliveries.shutdownNow();
    }
}
