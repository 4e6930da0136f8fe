package dev.symbia.runtime.graph;

import dev.symbia.auth.SymbiaPrincipal;
import dev.symbia.runtime.config.RuntimeProperties;
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
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
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
    private final IngressRegistration ingress;
    private final TransactionTemplate transactions;
    private final boolean autoExecute;

    GraphService(GraphLoader loader, GraphStore store, ApplicationEventPublisher events, CatalogGraphs catalog,
                 IngressRegistration ingress, PlatformTransactionManager transactions, RuntimeProperties properties) {
        this.autoExecute = properties.autoExecute();
        this.catalog = catalog;
        this.ingress = ingress;
        this.transactions = new TransactionTemplate(transactions);
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
        autoStart(graph);
        ingress.registerLater(graph);
        return graph;
    }

    /** A published catalog graph, pinned to the resolved version; its operator-state key is the catalog key. */
    @Transactional
    GraphView.Loaded loadFromCatalog(String key, String version, SymbiaPrincipal principal, String authorization) {
        if (principal.orgId() == null) {
            throw ProblemException.badRequest("Loading a graph needs an org (select one with X-Org-Id)");
        }
        CatalogGraphs.Resolved resolved = catalog.resolve(key, version, authorization);
        String spec = version == null || version.isBlank() || version.equals("latest") ? null : version;
        Optional<LoadedGraph> hydrated = spec == null ? hydratedFor(key, principal, resolved.version()) : Optional.empty();
        if (hydrated.isPresent()) {
            // the runtime already loaded this version for its owner: the same graph, not a second copy that would
            // auto-start a second execution of a pipeline
            return GraphView.Loaded.of(hydrated.get(), resolved.version());
        }
        LoadedGraph graph = loader.load(resolved.definition(), principal.orgId(), key, null, Instant.now()).withOwner(principal.id())
                .withCatalog(new LoadedGraph.CatalogPin(resolved.version(), spec, resolved.role(), null, false));
        store.insert(graph);
        graphs.put(graph.id(), graph);
        autoStart(graph);
        ingress.registerLater(graph);
        return GraphView.Loaded.of(graph, resolved.version());
    }

    /** The current graph the runtime hydrated from {@code key} for the caller's org, owned by the caller, at {@code version}. */
    private Optional<LoadedGraph> hydratedFor(String key, SymbiaPrincipal principal, int version) {
        return store.fromCatalog(key, principal.orgId()).stream()
                .filter(row -> row.catalog() != null && row.catalog().hydrated() && row.catalog().replacedBy() == null
                        && row.catalog().version() == version && principal.id().equals(row.loadedBy()))
                .findFirst().flatMap(row -> find(row.id()));
    }

    /**
     * A published catalog graph the runtime found by itself (hydration: at boot, on a catalog event, on the poll),
     * loaded for {@code orgId} as its {@code ownerId} (their read access applies, as when a user loads it), pinned
     * to the latest version, validated, auto-started and its ingress registered as any load. Once per (org, key)
     * across replicas: the check runs again under a transaction-scoped database lock. Returns what happened (for
     * logs and tests); a definition that does not validate, an owner who may not read it or an unreachable catalog
     * throws.
     */
    String loadPublished(String orgId, String key, String ownerId) {
        if (store.hasCurrent(orgId, key)) {
            return "already loaded";
        }
        Optional<CatalogGraphs.Resolved> resolved = catalog.resolveAsOwner(ownerId, orgId, key, null);
        if (resolved.isEmpty()) {
            throw new IllegalStateException("its owner " + ownerId + " may not read it");
        }
        LoadedGraph graph = loader.load(resolved.get().definition(), orgId, key, null, Instant.now()).withOwner(ownerId)
                .withCatalog(new LoadedGraph.CatalogPin(resolved.get().version(), null, resolved.get().role(), null, true));
        Boolean loaded = transactions.execute(status -> {
            store.lockHydration(orgId, key);
            if (store.hasCurrent(orgId, key)) {
                return false; // another replica (or a user) loaded it meanwhile
            }
            store.insert(graph);
            graphs.put(graph.id(), graph);
            try {
                autoStart(graph);
            } catch (RuntimeException e) {
                graphs.remove(graph.id());
                throw e;
            }
            ingress.registerLater(graph);
            return true;
        });
        if (!Boolean.TRUE.equals(loaded)) {
            return "already loaded";
        }
        log.info("Published catalog graph {} of org {} loaded as graph {} (version {}, owner {})", key, orgId, graph.id(),
                resolved.get().version(), ownerId);
        return "loaded " + graph.id();
    }

    /**
     * The catalog no longer publishes {@code key} of {@code orgId} (unpublished, or gone from the published list):
     * the graphs the runtime hydrated from it are unloaded (their executions stop); its operator state goes once no
     * graph of the org uses the key any more. A user's own load of the key stays and keeps following it.
     */
    void unpublished(String orgId, String key) {
        List<GraphStore.Row> rows = store.fromCatalog(key, orgId);
        List<GraphStore.Row> hydrated = rows.stream().filter(r -> r.catalog() != null && r.catalog().hydrated()).toList();
        boolean last = hydrated.size() == rows.size();
        for (GraphStore.Row row : hydrated) {
            int deleted = store.delete(row.id(), row.orgId());
            graphs.remove(row.id());
            if (deleted == 1) {
                log.info("Catalog graph {} of org {} is no longer published: graph {} unloaded", key, orgId, row.id());
                events.publishEvent(new GraphUnloaded(row.id(), orgId, key, last));
            }
        }
    }

    /** (org, key) of the current graphs the runtime hydrated by itself. */
    List<GraphStore.Hydrated> hydratedKeys() {
        return store.hydrated();
    }

    /**
     * A pipeline or service graph (the catalog resource's {@code metadata.role}, else the definition's) runs as soon
     * as it is loaded: the execution feature starts it, once, on this replica. Not with {@code RUNTIME_AUTO_EXECUTE=false}:
     * then it loads and waits to be started.
     */
    private void autoStart(LoadedGraph graph) {
        if (autoExecute && graph.runsByItself()) {
            events.publishEvent(new GraphAutoStart(graph.id(), graph.role()));
        }
    }

    /**
     * The catalog changed {@code key} (an event, or the safety-net poll): every current graph loaded from it is
     * re-resolved as its owner (their read access applies). A different version replaces it for new executions;
     * a key the catalog no longer has (or the owner may no longer read) unloads it and clears its operator state.
     * Nothing changes when the catalog cannot answer or the new version does not load.
     */
    public void reconcile(String key) {
        for (GraphStore.Row row : store.currentFromCatalog(key)) {
            LoadedGraph current = find(row.id()).orElse(null);
            if (current == null || current.catalog() == null) {
                continue;
            }
            Optional<CatalogGraphs.Resolved> resolved;
            try {
                resolved = catalog.resolveAsOwner(current.ownerId(), current.orgId(), key, current.catalog().spec());
            } catch (RuntimeException e) {
                log.warn("Graph {} ({}) not re-checked against the catalog: {}", current.id(), key, e.getMessage());
                continue;
            }
            if (resolved.isEmpty()) {
                leftCatalog(current);
            } else if (resolved.get().version() != current.catalog().version()) {
                replace(current, resolved.get());
            }
        }
    }

    /** Keys of current graphs from the catalog (the poll re-checks each). */
    List<String> catalogKeys() {
        return store.catalogKeys();
    }

    private void replace(LoadedGraph current, CatalogGraphs.Resolved resolved) {
        LoadedGraph next;
        try {
            next = loader.load(resolved.definition(), current.orgId(), current.key(), null, Instant.now())
                    .withOwner(current.ownerId())
                    .withCatalog(new LoadedGraph.CatalogPin(resolved.version(), current.catalog().spec(), resolved.role(), null,
                            current.catalog().hydrated()));
        } catch (RuntimeException e) {
            log.warn("Version {} of catalog graph {} does not load; graph {} stays on version {}: {}", resolved.version(),
                    current.key(), current.id(), current.catalog().version(), e.getMessage());
            return;
        }
        Boolean replaced = transactions.execute(status -> {
            store.insert(next);
            if (!store.markReplaced(current.id(), next.id())) {
                status.setRollbackOnly(); // another replica replaced it first
                return false;
            }
            return true;
        });
        if (!Boolean.TRUE.equals(replaced)) {
            return;
        }
        LoadedGraph.CatalogPin old = current.catalog();
        graphs.put(current.id(), current.withCatalog(new LoadedGraph.CatalogPin(old.version(), old.spec(), old.role(), next.id(),
                old.hydrated())));
        graphs.put(next.id(), next);
        log.info("Catalog graph {} of org {}: version {} replaces {} (graph {} → {})", current.key(), current.orgId(),
                resolved.version(), old.version(), current.id(), next.id());
        // Without auto-execution a pipeline is like any graph: nothing starts the new version, so the old one keeps running.
        events.publishEvent(new GraphReplaced(current.id(), next.id(), autoExecute && next.runsByItself()));
        ingress.registerLater(next);
        try {
            autoStart(next);
        } catch (RuntimeException e) {
            log.warn("Graph {} (version {} of {}) not started: {}", next.id(), resolved.version(), next.key(), e.getMessage());
        }
    }

    /** The catalog no longer has the graph's key: every graph of the org loaded from it goes, with its state. */
    private void leftCatalog(LoadedGraph current) {
        for (GraphStore.Row row : store.fromCatalog(current.key(), current.orgId())) {
            int deleted = store.delete(row.id(), row.orgId());
            graphs.remove(row.id());
            if (deleted == 1) {
                log.info("Catalog graph {} of org {} left the catalog: graph {} unloaded", row.key(), row.orgId(), row.id());
                events.publishEvent(new GraphUnloaded(row.id(), row.orgId(), row.key(), true));
            }
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

    /** The current graphs the caller may see (a graph a newer catalog version replaced is not listed). */
    List<LoadedGraph> visible(SymbiaPrincipal principal) {
        sync();
        return graphs.values().stream().filter(g -> !g.replaced() && canSee(g.orgId(), principal))
                .sorted(Comparator.comparing(LoadedGraph::loadedAt)).toList();
    }

    /** Loaded graphs named {@code name} the caller's orgs own (every org's for a super admin or a null principal), newest first. */
    public List<LoadedGraph> byName(String name, SymbiaPrincipal principal) {
        sync();
        return graphs.values().stream().filter(g -> !g.replaced() && g.name().equals(name)
                        && (principal == null || canSee(g.orgId(), principal)))
                .sorted(Comparator.comparing(LoadedGraph::loadedAt).reversed()).toList();
    }

    @Transactional
    void unload(String id, SymbiaPrincipal principal) {
        LoadedGraph graph = visible(id, principal);
        store.delete(graph.id(), graph.orgId());
        graphs.remove(graph.id());
        events.publishEvent(new GraphUnloaded(graph.id(), graph.orgId(), graph.key(), false));
    }

    public static boolean canSee(String orgId, SymbiaPrincipal principal) {
        return principal.superAdmin() || principal.isMemberOf(orgId);
    }

    /** Reloads every persisted graph (boot, or a simulated restart); a graph no longer valid is skipped and logged. */
    public void hydrate() {
        graphs.clear();
        store.all().forEach(this::cache);
    }

    /** Other replicas share the table: graphs they loaded appear here, graphs they unloaded or replaced change here. */
    private void sync() {
        java.util.Set<String> ids = new java.util.HashSet<>(store.ids());
        graphs.keySet().retainAll(ids);
        for (String id : store.replacedIds()) {
            LoadedGraph cached = graphs.get(id);
            if (cached != null && !cached.replaced()) {
                store.one(id).ifPresent(this::cache);
            }
        }
        ids.removeAll(graphs.keySet());
        ids.forEach(id -> store.one(id).ifPresent(this::cache));
    }

    private LoadedGraph cache(GraphStore.Row row) {
        try {
            JsonNode definition = json.readTree(row.definition());
            LoadedGraph graph = loader.load(definition, row.orgId(), row.key(), row.id(), row.loadedAt().toInstant(), false)
                    .withOwner(row.loadedBy()).withCatalog(row.catalog());
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
