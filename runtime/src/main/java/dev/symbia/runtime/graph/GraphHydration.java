package dev.symbia.runtime.graph;

import dev.symbia.runtime.config.RuntimeProperties;
import dev.symbia.web.problem.ProblemException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Hydration (reference §2.8 step 3, {@code RUNTIME_HYDRATE_GRAPHS}): every org's published catalog graph is loaded
 * once per (org, key), as its owner, pinned to the latest version, through the same validation, auto-start and
 * ingress registration as a user's load; from then on the catalog sync follows it like any catalog graph. A
 * hydrated graph whose resource stops being published is unloaded. A platform-wide graph (no org) is skipped: a
 * loaded graph belongs to an org, whose members see it and whose owner it acts for; so is one without an owner.
 * Refusals are logged once per graph and reason, not on every pass.
 */
@Component
class GraphHydration {

    private static final Logger log = LoggerFactory.getLogger(GraphHydration.class);

    private final GraphService graphs;
    private final PublishedGraphs catalog;
    private final boolean enabled;
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    GraphHydration(GraphService graphs, PublishedGraphs catalog, RuntimeProperties properties) {
        this.graphs = graphs;
        this.catalog = catalog;
        this.enabled = properties.hydrateGraphs();
    }

    /**
     * One pass over the published list (boot and each poll): what is not loaded yet loads, hydrated graphs no longer
     * listed unload. Nothing unloads when the list could not be read in full. Returns each key's outcome.
     */
    Map<String, String> pass() {
        if (!enabled) {
            return Map.of();
        }
        List<PublishedGraphs.Published> published;
        try {
            published = catalog.all();
        } catch (RuntimeException e) {
            log.warn("Published catalog graphs not hydrated: {}", e.getMessage());
            return Map.of();
        }
        Map<String, String> outcomes = new LinkedHashMap<>();
        Set<GraphStore.Hydrated> listed = new HashSet<>();
        for (PublishedGraphs.Published graph : published) {
            if (graph.orgId() != null) {
                listed.add(new GraphStore.Hydrated(graph.orgId(), graph.key()));
            }
            outcomes.put(graph.key(), load(graph));
        }
        for (GraphStore.Hydrated hydrated : graphs.hydratedKeys()) {
            if (!listed.contains(hydrated)) {
                unpublished(hydrated.orgId(), hydrated.key());
            }
        }
        return outcomes;
    }

    /**
     * A {@code catalog.resource.*} event about graph {@code key} (after the loaded graphs of that key were
     * reconciled): published and not loaded yet → load it; no longer published → unload what was hydrated from it.
     */
    String changed(String key, String resourceId, String orgId) {
        if (!enabled) {
            return "hydration off";
        }
        if (orgId == null) {
            return skipped(key, "a platform-wide graph (no org) is not hydrated");
        }
        if (resourceId == null) {
            return "no resource id in the event";
        }
        Optional<PublishedGraphs.Published> now;
        try {
            now = catalog.one(resourceId, orgId);
        } catch (RuntimeException e) {
            log.warn("Catalog graph {} not hydrated after an event: {}", key, e.getMessage());
            return "catalog unavailable";
        }
        if (now.isEmpty() || !now.get().published()) {
            unpublished(orgId, key);
            return "not published";
        }
        return load(now.get());
    }

    private String load(PublishedGraphs.Published graph) {
        if (graph.orgId() == null) {
            return skipped(graph.key(), "a platform-wide graph (no org) is not hydrated");
        }
        if (graph.ownerId() == null) {
            return skipped(graph.key(), "the resource names no owner to load it as");
        }
        try {
            return graphs.loadPublished(graph.orgId(), graph.key(), graph.ownerId());
        } catch (RuntimeException e) {
            return skipped(graph.key(), describe(e));
        }
    }

    private void unpublished(String orgId, String key) {
        try {
            graphs.unpublished(orgId, key);
        } catch (RuntimeException e) {
            log.warn("Graphs hydrated from {} of org {} not unloaded: {}", key, orgId, e.toString());
        }
    }

    private String skipped(String key, String why) {
        if (warned.add(key + "\n" + why)) {
            log.warn("Published catalog graph {} not loaded: {}", key, why);
        }
        return "skipped: " + why;
    }

    /** A validation refusal names its errors (node, port, field), as the 400 of a user's load would. */
    private static String describe(RuntimeException e) {
        if (e instanceof ProblemException problem) {
            Map<String, Object> properties = problem.getBody().getProperties();
            Object errors = properties == null ? null : properties.get("errors");
            return problem.getBody().getDetail() + (errors == null ? "" : " " + errors);
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }
}
