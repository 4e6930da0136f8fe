package dev.symbia.runtime.graph;

import dev.symbia.relay.Relay;
import dev.symbia.runtime.config.RuntimeProperties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Keeps loaded catalog graphs and the component manifest set in step with the catalog: every
 * {@code catalog.resource.*} event (libs/relay) about a graph re-resolves the graphs loaded from its key, one about a
 * component makes the next graph load re-read the manifests; a slow poll re-checks every catalog key, since events
 * are missed while the relay is away. Work runs on one background thread, one pass per key at a time (a burst of
 * events about one key is one pass).
 */
@Component
class CatalogSync implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(CatalogSync.class);

    private final GraphService graphs;
    private final ManifestSource manifests;
    private final ObjectProvider<Relay> relay;
    private final RuntimeProperties properties;
    private final Set<String> pending = ConcurrentHashMap.newKeySet();
    private volatile ScheduledExecutorService worker;
    private volatile Relay.Subscription subscription;

    CatalogSync(GraphService graphs, ManifestSource manifests, ObjectProvider<Relay> relay, RuntimeProperties properties) {
        this.graphs = graphs;
        this.manifests = manifests;
        this.relay = relay;
        this.properties = properties;
    }

    @Override
    public void start() {
        worker = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("runtime-catalog-sync").factory());
        relay.ifAvailable(r -> subscription = r.subscribe("catalog.resource.*", JsonNode.class, event -> changed(event.data())));
        long poll = properties.catalogPoll().toMillis();
        if (poll > 0) {
            worker.scheduleWithFixedDelay(this::pollQuietly, poll, poll, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void stop() {
        Relay.Subscription current = subscription;
        if (current != null) {
            current.close();
        }
        ScheduledExecutorService running = worker;
        if (running != null) {
            running.shutdownNow();
        }
        worker = null;
    }

    @Override
    public boolean isRunning() {
        return worker != null;
    }

    /** A catalog event's data: {@code {resourceId, key, type, status, orgId?, version?}} (never metadata). */
    void changed(JsonNode data) {
        String type = data.path("type").asString("");
        String key = data.path("key").asString("");
        if ("component".equals(type)) {
            manifests.invalidate();
        } else if ("graph".equals(type) && !key.isBlank()) {
            ScheduledExecutorService running = worker;
            if (running != null && pending.add(key)) {
                running.execute(() -> {
                    pending.remove(key);
                    reconcileQuietly(key);
                });
            }
        }
    }

    private void pollQuietly() {
        try {
            graphs.catalogKeys().forEach(this::reconcileQuietly);
        } catch (RuntimeException e) {
            log.warn("Catalog graph poll failed: {}", e.toString());
        }
    }

    private void reconcileQuietly(String key) {
        try {
            graphs.reconcile(key);
        } catch (RuntimeException e) {
            log.warn("Catalog graph {} not reconciled: {}", key, e.toString());
        }
    }
}
