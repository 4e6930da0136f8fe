package dev.symbia.integrations.deploy;

import dev.symbia.core.Backoff;
import dev.symbia.integrations.caller.Caller;
import dev.symbia.integrations.connector.ConnectorCredentials;
import dev.symbia.integrations.connector.Connector;
import dev.symbia.integrations.connector.ConnectorException;
import dev.symbia.integrations.connector.SupabaseRealtime;
import dev.symbia.integrations.credential.Credential;
import io.github.resilience4j.core.IntervalFunction;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * Where a deployment's changes go: to the SSE subscribers of that deployment (in this instance), and — when
 * Supabase is configured and a key is found for the deployment's user — to Supabase Realtime as a private
 * broadcast on {@code deployments:<orgId>} (event {@code deployment.updated}), so Supabase's own authorization
 * decides who hears it. Broadcasts run off the deployment's thread and are retried with the platform backoff;
 * a failed one is logged and dropped, never slowing or failing the deployment.
 */
@Component
class DeploymentEvents implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(DeploymentEvents.class);
    static final int BROADCAST_ATTEMPTS = 5;

    private final Map<UUID, List<Consumer<DeploymentView>>> subscribers = new ConcurrentHashMap<>();
    private final SupabaseRealtime supabase;
    private final ConnectorCredentials credentials;
    private final JsonMapper json;
    private final ExecutorService broadcasts = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("deployment-broadcast-", 0).factory());
    private final IntervalFunction backoff;

    DeploymentEvents(SupabaseRealtime supabase, ConnectorCredentials credentials, JsonMapper json,
            DeploymentProperties properties) {
        this.supabase = supabase;
        this.credentials = credentials;
        this.json = json;
        Duration initial = properties.pollInterval().compareTo(Duration.ofSeconds(1)) < 0 ? properties.pollInterval()
                : Duration.ofSeconds(1);
        this.backoff = Backoff.exponential(initial, initial.multipliedBy(30));
    }

    /** Receives every later change of the deployment until the returned handle is run. */
    Runnable subscribe(UUID id, Consumer<DeploymentView> listener) {
        subscribers.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>()).add(listener);
        return () -> subscribers.computeIfPresent(id, (k, list) -> {
            list.remove(listener);
            return list.isEmpty() ? null : list;
        });
    }

    void publish(DeploymentView view) {
        for (Consumer<DeploymentView> listener : subscribers.getOrDefault(view.id(), List.of())) {
            try {
                listener.accept(view);
            } catch (RuntimeException e) {
                log.debug("A deployment subscriber failed ({})", e.getClass().getSimpleName());
            }
        }
        if (supabase.configured()) {
            broadcasts.execute(() -> broadcast(view));
        }
    }

    private void broadcast(DeploymentView view) {
        Caller owner = new Caller(view.userId(), view.orgId(), "deployment-" + view.id());
        Optional<Credential> key;
        try {
            key = credentials.find(owner, Connector.SUPABASE);
        } catch (RuntimeException e) {
            key = Optional.empty();
        }
        if (key.isEmpty()) {
            return;
        }
        SupabaseRealtime.Broadcast message = new SupabaseRealtime.Broadcast("deployments:" + view.orgId(),
                "deployment.updated", json.valueToTree(view), true);
        for (int attempt = 1; attempt <= BROADCAST_ATTEMPTS; attempt++) {
            try {
                supabase.send(key.get(), List.of(message));
                return;
            } catch (ConnectorException e) {
                boolean retryable = e.getStatusCode().is5xxServerError() || e.getStatusCode().value() == 429;
                if (!retryable || attempt == BROADCAST_ATTEMPTS) {
                    log.warn("Supabase broadcast of deployment {} dropped after {} attempt(s): {}", view.id(), attempt,
                            e.getBody().getDetail());
                    return;
                }
                try {
                    Thread.sleep(backoff.apply(attempt));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    @Override
    public void destroy() {
        broadcasts.shutdownNow();
    }
}
