package dev.symbia.runtime.graph;

import dev.symbia.relay.Relay;
import dev.symbia.runtime.config.RuntimeProperties;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Keeps loaded catalog graphs and the component manifest set in step with the catalog: once the application is
 * ready it publishes the component manifests, then hydrates every published graph; every {@code catalog.resource.*}
 * event (libs/relay) about a graph re-resolves the graphs loaded from its key and loads it if it is newly published,
 * one about a component makes the next graph load re-read the manifests; a slow poll re-checks every catalog key
 * and hydrates again, since events are missed while the relay is away. Work runs on one background thread, so
 * passes never overlap, one pass per key at a time (a burst of events about one key is one pass, with the latest).
 */
@Component
class CatalogSync implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(CatalogSync.class);

    private final GraphService graphs;
    private final ManifestSource manifests;
    private final ObjectProvider<Relay> relay;
    private final RuntimeProperties properties;
    private final ManifestPublisher publisher;
    private final GraphHydration hydration;
    private final Map<String, JsonNode> pending = new ConcurrentHashMap<>();
    private volatile ScheduledExecutorService worker;
    private volatile Relay.Subscription subscription;

    CatalogSync(GraphService graphs, ManifestSource manifests, ObjectProvider<Relay> relay, RuntimeProperties properties,
                ManifestPublisher publisher, GraphHydration hydration) {
        this.publisher = publisher;
        this.hydration = hydration;
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

    /**
     * Boot: manifests first (graphs validate against them), then every published graph. Ordered after the execution
     * feature's recovery (same event), so graphs and executions already in the database are back before anything
     * is hydrated or auto-started.
     */
    @EventListener(ApplicationReadyEvent.class)
    @Order(Ordered.LOWEST_PRECEDENCE)
    void ready() {
        ScheduledExecutorService running = worker;
        if (running != null) {
            running.execute(() -> {
                publisher.publishAtBoot();
                hydrateQuietly();
            });
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
            if (running != null && pending.put(key, data) == null) {
                running.execute(() -> {
                    JsonNode latest = pending.remove(key);
                    reconcileQuietly(key);
                    hydration.changed(key, text(latest, "resourceId"), text(latest, "orgId"));
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
        hydrateQuietly();
    }

    private void hydrateQuietly() {
        try {
            hydration.pass();
        } catch (RuntimeException e) {
            log.warn("Published catalog graphs not hydrated: {}", e.toString());
        }
    }

    private static String text(JsonNode data, String field) {
        JsonNode value = data == null ? null : data.get(field);
        return value != null && value.isString() && !value.stringValue().isBlank() ? value.stringValue() : null;
    }

    private void reconcileQuietly(String key) {
        try {
            graphs.reconcile(key);
        } catch (RuntimeException e) {
            log.warn("Catalog graph {} not reconciled: {}", key, e.toString());
        }
    }
}
