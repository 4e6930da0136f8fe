package dev.symbia.runtime.graph;

import dev.symbia.auth.SymbiaPrincipal;
import dev.symbia.web.problem.ProblemException;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Loaded graphs: validated, persisted, org-scoped (another org's graph is not found). */
@Service
public class GraphService {

    private static final Logger log = LoggerFactory.getLogger(GraphService.class);

    private final GraphLoader loader;
    private final GraphStore store;
    private final ApplicationEventPublisher events;
    private final Map<String, LoadedGraph> graphs = new ConcurrentHashMap<>();
    private final JsonMapper json = JsonMapper.builder().build();

    private final CatalogGraphs catalog;

    GraphService(GraphLoader loader, GraphStore store, ApplicationEventPublisher events, CatalogGraphs catalog) {
        this.catalog = catalog;
        this.loader = loader;
        this.store = store;
        this.events = events;
    }

    @Transactional
    LoadedGraph load(JsonNode definition, SymbiaPrincipal principal) {
        if (principal.orgId() == null) {
            throw ProblemException.badRequest("Loading a graph needs an org (select one with X-Org-Id)");
        }
        LoadedGraph graph = loader.load(definition, principal.orgId(), null, null, Instant.now()).withOwner(principal.id());
        store.insert(graph);
        graphs.put(graph.id(), graph);
        autoStart(graph, null);
        return graph;
    }

    /** A published catalog graph, pinned to the resolved version; its operator-state key is the catalog key. */
    @Transactional
    GraphView.Loaded loadFromCatalog(String key, String version, SymbiaPrincipal principal, String authorization) {
        if (principal.orgId() == null) {
            throw ProblemException.badRequest("Loading a graph needs an org (select one with X-Org-Id)");
        }
        CatalogGraphs.Resolved resolved = catalog.resolve(key, version, authorization);
        LoadedGraph graph = loader.load(resolved.definition(), principal.orgId(), key, null, Instant.now()).withOwner(principal.id());
        store.insert(graph);
        graphs.put(graph.id(), graph);
        autoStart(graph, resolved.role());
        return GraphView.Loaded.of(graph, resolved.version());
    }

    /**
     * A graph whose role is {@code pipeline} or {@code service} (the catalog resource's {@code metadata.role}, else the
     * definition's) runs as soon as it is loaded: the execution feature starts it, once, on this replica.
     */
    private void autoStart(LoadedGraph graph, String catalogRole) {
        String role = catalogRole != null ? catalogRole
                : graph.metadata() != null && graph.metadata().path("role").isString() ? graph.metadata().get("role").stringValue() : null;
        if ("pipeline".equals(role) || "service".equals(role)) {
            events.publishEvent(new GraphAutoStart(graph.id(), role));
        }
    }

    /** The graph if the caller may see it (member of its org, or super admin); else 404. */
    public LoadedGraph visible(String id, SymbiaPrincipal principal) {
        LoadedGraph graph = find(id).orElse(null);
        if (graph == null || !canSee(graph.orgId(), principal)) {
            throw ProblemException.notFound("Graph " + id);
        }
        return graph;
    }

    /** A loaded graph; one another replica loaded is read from the database on first use. */
    public Optional<LoadedGraph> find(String id) {
        LoadedGraph graph = graphs.get(id);
        if (graph != null) {
            return Optional.of(graph);
        }
        return store.one(id).map(this::cache);
    }

    List<LoadedGraph> visible(SymbiaPrincipal principal) {
        sync();
        return graphs.values().stream().filter(g -> canSee(g.orgId(), principal))
                .sorted(Comparator.comparing(LoadedGraph::loadedAt)).toList();
    }

    /** Loaded graphs named {@code name} the caller's orgs own (every org's for a super admin or a null principal), newest first. */
    public List<LoadedGraph> byName(String name, SymbiaPrincipal principal) {
        sync();
        return graphs.values().stream().filter(g -> g.name().equals(name) && (principal == null || canSee(g.orgId(), principal)))
                .sorted(Comparator.comparing(LoadedGraph::loadedAt).reversed()).toList();
    }

    @Transactional
    void unload(String id, SymbiaPrincipal principal) {
        LoadedGraph graph = visible(id, principal);
        store.delete(graph.id(), graph.orgId());
        graphs.remove(graph.id());
        events.publishEvent(new GraphUnloaded(graph.id(), graph.orgId()));
    }

    public static boolean canSee(String orgId, SymbiaPrincipal principal) {
        return principal.superAdmin() || principal.isMemberOf(orgId);
    }

    /** Reloads every persisted graph (boot, or a simulated restart); a graph no longer valid is skipped and logged. */
    public void hydrate() {
        graphs.clear();
        store.all().forEach(this::cache);
    }

    /** Other replicas share the table: graphs they loaded appear here, graphs they unloaded disappear. */
    private void sync() {
        java.util.Set<String> ids = new java.util.HashSet<>(store.ids());
        graphs.keySet().retainAll(ids);
        ids.removeAll(graphs.keySet());
        ids.forEach(id -> store.one(id).ifPresent(this::cache));
    }

    private LoadedGraph cache(GraphStore.Row row) {
        try {
            JsonNode definition = json.readTree(row.definition());
            LoadedGraph graph = loader.load(definition, row.orgId(), row.key(), row.id(), row.loadedAt().toInstant(), false)
                    .withOwner(row.loadedBy());
            graphs.put(row.id(), graph);
            return graph;
        } catch (RuntimeException e) {
            log.warn("Persisted graph {} no longer loads: {}", row.id(), e.getMessage());
            return null;
        }
    }

    /** Forgets the in-memory graphs (a simulated process exit in tests; the database is untouched). */
    public void forget() {
        graphs.clear();
    }
}
