package dev.symbia.runtime.execution;

import dev.symbia.auth.SymbiaPrincipal;
import dev.symbia.core.ProblemTypes;
import dev.symbia.runtime.component.ComponentRegistry;
import dev.symbia.runtime.config.RuntimeProperties;
import dev.symbia.runtime.graph.GraphAutoStart;
import dev.symbia.runtime.graph.GraphReplaced;
import dev.symbia.runtime.graph.GraphService;
import dev.symbia.runtime.graph.GraphUnloaded;
import dev.symbia.runtime.graph.LoadedGraph;
import dev.symbia.web.problem.ProblemException;
import jakarta.annotation.PreDestroy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Executions: start, inject (synchronous flow), pause with a bounded queue, resume draining it in order, stop.
 * Live executions are in memory and mirrored in PostgreSQL (state transitions at once, metrics and operator state
 * written behind). Replicas sharing the database each run only the executions they hold a {@link Leases lease} on;
 * a request for one held elsewhere raises {@link OwnedElsewhere} (the controllers forward it), and executions whose
 * owner died are claimed and rebuilt here with their state and timers, as on boot.
 */
@Service
class ExecutionService {

    private static final Logger log = LoggerFactory.getLogger(ExecutionService.class);

    /** What an inject did: ran (result) or was queued behind a pause (position). */
    record Outcome(InjectResult result, int queuedAt) {
    }

    /** The execution is live on another replica that holds its lease: forward the request there. */
    static final class OwnedElsewhere extends RuntimeException {
        final String url;

        OwnedElsewhere(String url) {
            super(null, null, false, false);
            this.url = url;
        }
    }

    private static final int CLAIM_BATCH = 50;

    private final GraphService graphs;
    private final Engine engine;
    private final ExecutionStore store;
    private final StateStore state;
    private final EventHub events;
    private final RuntimeProperties properties;
    private final Leases leases;
    private final ReplicaIdentity replica;
    private volatile boolean leasing;
    private volatile boolean crashed;
    private final JsonMapper json = JsonMapper.builder().build();
    private final Map<String, Execution> live = new ConcurrentHashMap<>();
    private final AtomicLong totalMessages = new AtomicLong();
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, Thread.ofPlatform()
            .daemon().name("runtime-timer-", 0).factory());

    ExecutionService(GraphService graphs, Engine engine, ExecutionStore store, StateStore state, EventHub events,
                     RuntimeProperties properties, Leases leases, ReplicaIdentity replica) {
        this.leases = leases;
        this.replica = replica;
        this.graphs = graphs;
        this.engine = engine;
        this.store = store;
        this.state = state;
        this.events = events;
        this.properties = properties;
        long flush = properties.stateFlush().toMillis();
        scheduler.scheduleWithFixedDelay(this::flushQuietly, flush, flush, TimeUnit.MILLISECONDS);
        long renew = Math.max(50, properties.leaseTtl().toMillis() / 3);
        scheduler.scheduleWithFixedDelay(this::maintainLeases, renew, renew, TimeUnit.MILLISECONDS);
    }

    // ---- lifecycle ------------------------------------------------------------------------------------------

    Execution start(String graphId, SymbiaPrincipal principal) {
        LoadedGraph graph = graphs.visible(graphId, principal);
        if (graph.replaced()) {
            throw new ProblemException(HttpStatus.CONFLICT, ProblemTypes.CONFLICT, "Graph replaced",
                    "Graph " + graphId + " was replaced by catalog version of graph " + graph.catalog().replacedBy()
                            + "; start that one (running executions keep this version).",
                    Map.of("replacedBy", graph.catalog().replacedBy()));
        }
        return start(graph);
    }

    /** A pipeline or service graph runs as soon as it is loaded (in the loading transaction: both or neither). */
    @EventListener
    void onAutoStart(GraphAutoStart autoStart) {
        Execution execution = start(graphs.find(autoStart.graphId()).orElseThrow());
        log.info("Graph {} ({}) started automatically: execution {}", autoStart.graphId(), autoStart.role(), execution.id);
    }

    private Execution start(LoadedGraph graph) {
        synchronized (live) {
            if (live.size() >= properties.maxConcurrentExecutions()) {
                throw new ProblemException(HttpStatus.CONFLICT, ProblemTypes.CONFLICT, "Too many executions",
                        "At most " + properties.maxConcurrentExecutions() + " executions may be live at once; stop one first.");
            }
            Instant now = Instant.now();
            Execution execution = new Execution(UUID.randomUUID().toString(), graph, ExecutionState.RUNNING, now, now);
            state.hydrate(graph.orgId(), graph.key());
            long leaseStart = System.nanoTime();
            store.insert(execution, replica.id(), properties.leaseTtl());
            execution.leaseDeadline = leaseStart + leaseMargin();
            execution.leasedAt = System.nanoTime();
            live.put(execution.id, execution);
            startTimers(execution);
            events.publish(execution.id, "execution:started", started(execution));
            return execution;
        }
    }

    Outcome inject(String id, SymbiaPrincipal principal, String nodeId, String port, JsonNode value) {
        Execution execution = liveVisible(id, principal);
        if (execution.graph.node(nodeId) == null) {
            throw ProblemException.badRequest("Node '" + nodeId + "' is not in graph " + execution.graph.name());
        }
        return deliver(execution, nodeId, port, value);
    }

    Outcome deliver(Execution execution, String nodeId, String port, JsonNode value) {
        execution.lock.lock();
        try {
            holdLease(execution);
            if (execution.state == ExecutionState.PAUSED) {
                if (execution.queue.size() >= properties.maxBackpressureQueue()) {
                    execution.metrics.backpressureEvents++;
                    execution.dirty = true;
                    ProblemException problem = new ProblemException(HttpStatus.TOO_MANY_REQUESTS, ProblemTypes.RATE_LIMITED,
                            "Execution paused and its queue is full", "Execution " + execution.id + " is paused with "
                            + execution.queue.size() + " injects queued (the limit); retry after it resumes.",
                            Map.of("queued", execution.queue.size(), "retryAfter", 1));
                    problem.getHeaders().set("Retry-After", "1");
                    throw problem;
                }
                long seq = store.enqueue(execution, replica.id(), nodeId, port, json.writeValueAsString(value))
                        .orElseThrow(() -> {
                            lost(execution);
                            return unavailable("Execution " + execution.id + " moved to another replica; retry.");
                        });
                execution.queue.addLast(new Execution.Pending(seq, nodeId, port, value));
                return new Outcome(null, execution.queue.size());
            }
            if (execution.state != ExecutionState.RUNNING) {
                throw ProblemException.conflict("Execution " + execution.id + " is " + execution.state.wire());
            }
            drain(execution); // injects queued before a takeover run first
            return new Outcome(flow(execution, nodeId, port, value), 0);
        } finally {
            execution.lock.unlock();
        }
    }

    Execution pause(String id, SymbiaPrincipal principal) {
        Execution execution = liveVisible(id, principal);
        execution.lock.lock();
        try {
            holdLease(execution);
            requireState(execution, ExecutionState.RUNNING, "pause");
            change(execution, ExecutionState.PAUSED, null);
            events.publish(execution.id, "execution:paused", Map.of("executionId", execution.id, "state", "paused"));
            return execution;
        } finally {
            execution.lock.unlock();
        }
    }

    /** Resumes and drains the queue in arrival order before any later inject runs (they wait on the lock). */
    Execution resume(String id, SymbiaPrincipal principal) {
        Execution execution = liveVisible(id, principal);
        execution.lock.lock();
        try {
            holdLease(execution);
            requireState(execution, ExecutionState.PAUSED, "resume");
            change(execution, ExecutionState.RUNNING, null);
            events.publish(execution.id, "execution:resumed", Map.of("executionId", execution.id, "state", "running"));
            drain(execution);
            return execution;
        } finally {
            execution.lock.unlock();
        }
    }

    /**
     * Runs the queued injects in arrival order (under the execution's lock), each removed from the database once it
     * ran; if the lease is lost meanwhile the rest stay queued for the new owner.
     */
    private void drain(Execution execution) {
        while (!execution.queue.isEmpty()) {
            Execution.Pending next = execution.queue.peekFirst();
            flow(execution, next.nodeId(), next.port(), next.value());
            execution.queue.removeFirst();
            if (!store.dequeue(execution, replica.id(), next.seq())) {
                lost(execution);
                throw unavailable("Execution " + execution.id + " moved to another replica; retry.");
            }
        }
    }

    Execution stop(String id, SymbiaPrincipal principal) {
        return stop(liveVisible(id, principal));
    }

    private Execution stop(Execution execution) {
        execution.lock.lock();
        try {
            holdLease(execution);
            execution.timers.forEach(t -> t.cancel(false));
            state.flush(); // while the lease is held: the fence refuses writes of an ended execution
            execution.completedAt = Instant.now();
            change(execution, ExecutionState.CANCELLED, null);
            execution.queue.clear();
            store.clearQueue(execution.id);
            live.remove(execution.id);
        } finally {
            execution.lock.unlock();
        }
        flushQuietly();
        Map<String, Object> completed = new LinkedHashMap<>();
        completed.put("executionId", execution.id);
        completed.put("state", "cancelled");
        completed.put("metrics", execution.metrics.snapshot(0));
        completed.put("completedAt", execution.completedAt.toString());
        events.publish(execution.id, "execution:completed", completed);
        events.close(execution.id);
        return execution;
    }

    @EventListener
    void onGraphUnloaded(GraphUnloaded unloaded) {
        stopAll(unloaded.graphId(), "unloaded");
        if (unloaded.leftCatalog()) {
            state.clearGraph(unloaded.orgId(), unloaded.key());
        }
    }

    /** A newer catalog version replaced a graph: a pipeline's or service's own executions end (the new one starts). */
    @EventListener
    void onGraphReplaced(GraphReplaced replaced) {
        if (replaced.stopOld()) {
            stopAll(replaced.oldGraphId(), "replaced");
        }
    }

    private void stopAll(String graphId, String why) {
        for (Execution execution : List.copyOf(live.values())) {
            if (execution.graph.id().equals(graphId)) {
                try {
                    stop(execution);
                } catch (RuntimeException e) {
                    log.warn("Execution {} of {} graph {} not stopped here: {}", execution.id, why, graphId, e.toString());
                }
            }
        }
        // Those other replicas run: cancelled in the database; their owners drop them at the next renewal.
        store.cancelGraph(graphId);
    }

    // ---- reads ----------------------------------------------------------------------------------------------

    /**
     * A live execution the caller may see, run by this replica: else 404 (another org's too), 409 when it ended,
     * {@link OwnedElsewhere} when another replica holds its lease. One nobody validly holds is claimed here.
     */
    Execution liveVisible(String id, SymbiaPrincipal principal) {
        Execution execution = live.get(id);
        if (execution != null) {
            if (!GraphService.canSee(execution.orgId(), principal)) {
                throw ProblemException.notFound("Execution " + id);
            }
            return execution;
        }
        ExecutionStore.Row row = find(id, principal).orElseThrow(() -> ProblemException.notFound("Execution " + id));
        return placed(row.id());
    }

    /** The live execution {@code id} run here (claimed if nobody validly holds it), or {@link OwnedElsewhere}. */
    Execution placed(String id) {
        Execution execution = live.get(id);
        if (execution != null) {
            return execution;
        }
        Optional<Leases.Owner> owner = leases.owner(id);
        if (owner.isEmpty()) {
            throw ProblemException.conflict("Execution " + id + " is no longer running");
        }
        if (owner.get().valid() && !replica.id().equals(owner.get().replica())) {
            throw new OwnedElsewhere(owner.get().url());
        }
        Optional<Leases.Claimed> claimed = leases.claim(replica.id(), id);
        if (claimed.isPresent()) {
            Execution rebuilt = rebuild(claimed.get());
            if (rebuilt != null) {
                return rebuilt;
            }
            throw ProblemException.conflict("Execution " + id + " is no longer running");
        }
        Execution raced = live.get(id);
        if (raced != null) {
            return raced;
        }
        throw unavailable("Execution " + id + " is changing replicas; retry shortly.");
    }

    static ProblemException unavailable(String detail) {
        ProblemException problem = new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.UNAVAILABLE,
                "Service unavailable", detail);
        problem.getHeaders().set("Retry-After", "1");
        return problem;
    }

    Optional<Execution> live(String id) {
        return Optional.ofNullable(live.get(id));
    }

    Optional<ExecutionStore.Row> find(String id, SymbiaPrincipal principal) {
        return store.find(id, principal.orgs().keySet(), principal.superAdmin());
    }

    List<ExecutionStore.Row> list(SymbiaPrincipal principal) {
        return store.list(principal.orgs().keySet(), principal.superAdmin(), 500);
    }

    List<String> transitions(String id) {
        return store.transitions(id);
    }

    int liveCount() {
        return live.size();
    }

    long totalMessages() {
        return totalMessages.get();
    }

    /** The newest live execution of any of these graphs (ingress target), run here, or {@link OwnedElsewhere}. */
    Optional<Execution> newestLive(Collection<LoadedGraph> candidates) {
        return store.newestLive(candidates.stream().map(LoadedGraph::id).toList()).map(this::placed);
    }

    /** Joins the room of an execution run here: {@code execution:state} first, then its live events. */
    Runnable subscribe(Execution execution, EventHub.EventSink sink) {
        Map<String, Object> initial = new LinkedHashMap<>();
        initial.put("executionId", execution.id);
        initial.put("graphId", execution.graph.id());
        initial.put("state", execution.state.wire());
        initial.put("metrics", execution.metrics.snapshot(execution.queue.size()));
        initial.put("startedAt", String.valueOf(execution.startedAt));
        return events.subscribe(execution.id, sink, "execution:state", initial);
    }

    /** The last event of an execution that is no longer live ({@code execution:completed} or {@code execution:failed}). */
    static Map.Entry<String, Map<String, Object>> finalEvent(ExecutionStore.Row row, JsonMapper json) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("executionId", row.id());
        data.put("state", row.state());
        if ("failed".equals(row.state())) {
            data.put("error", row.error() == null ? Map.of() : json.readTree(row.error()));
            return Map.entry("execution:failed", data);
        }
        data.put("completedAt", String.valueOf(row.completedAt()));
        return Map.entry("execution:completed", data);
    }

    // ---- internals ------------------------------------------------------------------------------------------

    private InjectResult flow(Execution execution, String nodeId, String port, JsonNode value) {
        InjectResult result = engine.run(execution, nodeId, port, value);
        totalMessages.addAndGet(result.hops());
        if (events.watched(execution.id)) {
            events.publish(execution.id, "metrics:update",
                    Map.of("executionId", execution.id, "metrics", execution.metrics.snapshot(execution.queue.size())));
        }
        return result;
    }

    private void change(Execution execution, ExecutionState to, String error) {
        ExecutionState from = execution.state;
        execution.state = to;
        if (!store.changeState(execution, from, metricsJson(execution), error, replica.id())) {
            execution.state = from;
            lost(execution);
            throw unavailable("Execution " + execution.id + " moved to another replica; retry.");
        }
    }

    // ---- leases -------------------------------------------------------------------------------------------------

    /** Lease time this replica trusts locally: the TTL less a tenth, since its clock started before the database's. */
    private long leaseMargin() {
        return properties.leaseTtl().toNanos() * 9 / 10;
    }

    /** Before acting on an execution: a lease about to lapse is renewed, a lost one gives the execution up. */
    private void holdLease(Execution execution) {
        if (live.get(execution.id) != execution) {
            throw unavailable("Execution " + execution.id + " moved to another replica; retry.");
        }
        if (execution.leaseValid()) {
            return;
        }
        long started = System.nanoTime();
        if (leases.renew(replica.id(), execution.id, execution.fence)) {
            execution.leaseDeadline = started + leaseMargin();
            return;
        }
        lost(execution);
        throw unavailable("Execution " + execution.id + " moved to another replica; retry.");
    }

    /** Another replica holds the lease now (or the execution ended elsewhere): forget it here, without writing. */
    private void lost(Execution execution) {
        if (live.remove(execution.id, execution)) {
            execution.timers.forEach(t -> t.cancel(false));
            execution.queue.clear();
            log.info("Execution {} is no longer leased to replica {}", execution.id, replica.id());
            events.close(execution.id);
        }
    }

    /** Renews this replica's leases, gives up those it lost, and claims executions whose owner died. */
    void maintainLeases() {
        if (!leasing) {
            return;
        }
        try {
            long started = System.nanoTime();
            Map<String, Long> held = leases.renew(replica.id());
            for (Execution execution : List.copyOf(live.values())) {
                Long fence = held.get(execution.id);
                if (fence != null && fence == execution.fence) {
                    execution.leaseDeadline = started + leaseMargin();
                } else if (started - execution.leasedAt > properties.leaseTtl().toNanos() / 2) {
                    // Leased recently, its row may not have been committed when the renewal read: next round.
                    // Nobody else can claim it within half a TTL; a write it makes meanwhile is fenced anyway.
                    lost(execution);
                }
            }
            claim(false);
        } catch (RuntimeException e) {
            log.warn("Lease maintenance failed on replica {}: {}", replica.id(), e.toString());
        }
    }

    private int claim(boolean includeOwn) {
        int claimed = 0;
        List<Leases.Claimed> batch;
        do {
            long started = System.nanoTime();
            batch = leases.claimExpired(replica.id(), includeOwn, CLAIM_BATCH);
            for (Leases.Claimed row : batch) {
                Execution execution = rebuild(row);
                if (execution != null) {
                    execution.leaseDeadline = started + leaseMargin();
                    claimed++;
                }
            }
        } while (batch.size() == CLAIM_BATCH);
        return claimed;
    }

    /** An execution this replica just claimed, rebuilt with its metrics, operator state and timers; null if it failed. */
    private Execution rebuild(Leases.Claimed claimed) {
        ExecutionStore.Row row = claimed.row();
        Optional<LoadedGraph> graph = graphs.find(row.graphId());
        if (graph.isEmpty()) {
            String error = json.writeValueAsString(Map.of("message", "Graph " + row.graphId() + " is gone; the execution cannot resume"));
            store.fail(row.id(), row.state(), error);
            log.warn("Execution {} failed: graph {} is gone", row.id(), row.graphId());
            Map.Entry<String, Map<String, Object>> failed = finalEvent(store.find(row.id(), List.of(), true).orElseThrow(), json);
            events.publish(row.id(), failed.getKey(), failed.getValue());
            events.close(row.id());
            return null;
        }
        Execution execution = new Execution(row.id(), graph.get(), ExecutionState.of(row.state()), row.createdAt(), row.startedAt());
        execution.fence = claimed.fence();
        execution.leaseDeadline = System.nanoTime() + leaseMargin();
        execution.leasedAt = System.nanoTime();
        try {
            JsonNode metrics = json.readTree(row.metrics());
            if (metrics.has("totals")) {
                execution.metrics.restore(json.treeToValue(metrics.get("totals"), Metrics.Snapshot.class));
            }
        } catch (RuntimeException e) {
            log.warn("Execution {} metrics unreadable, starting from zero: {}", row.id(), e.toString());
        }
        state.rehydrate(execution.orgId(), execution.graph.key());
        for (ExecutionStore.Queued queued : store.queued(execution.id)) {
            execution.queue.addLast(new Execution.Pending(queued.seq(), queued.nodeId(), queued.port(),
                    queued.value() == null ? null : json.readTree(queued.value())));
        }
        Execution previous = live.putIfAbsent(execution.id, execution);
        if (previous != null) {
            previous.fence = claimed.fence();
            previous.leasedAt = System.nanoTime();
            return previous;
        }
        startTimers(execution);
        if (execution.state == ExecutionState.RUNNING && !execution.queue.isEmpty()) {
            scheduler.execute(() -> drainTakenOver(execution)); // the previous owner died while draining
        }
        return execution;
    }

    private void drainTakenOver(Execution execution) {
        execution.lock.lock();
        try {
            if (execution.state == ExecutionState.RUNNING && live.get(execution.id) == execution) {
                holdLease(execution);
                drain(execution);
            }
        } catch (RuntimeException e) {
            log.warn("Queued injects of execution {} not drained here: {}", execution.id, e.toString());
        } finally {
            execution.lock.unlock();
        }
    }

    private static void requireState(Execution execution, ExecutionState expected, String action) {
        if (execution.state != expected) {
            throw ProblemException.conflict("Cannot " + action + " execution " + execution.id + ": it is " + execution.state.wire());
        }
    }

    private void startTimers(Execution execution) {
        for (LoadedGraph.Node node : execution.graph.nodes()) {
            if (!node.component().equals("symbia.source.timer")) {
                continue;
            }
            JsonNode configured = node.config().get("intervalMs");
            long interval = Math.max(100, configured != null && configured.isNumber() ? configured.longValue() : 5000);
            AtomicLong ticks = new AtomicLong();
            execution.timers.add(scheduler.scheduleAtFixedRate(() -> tick(execution, node, ticks), interval, interval,
                    TimeUnit.MILLISECONDS));
        }
    }

    // Ticks only while running (a paused execution skips them, as in the reference); a stopped one has no timer.
    private void tick(Execution execution, LoadedGraph.Node node, AtomicLong ticks) {
        try {
            execution.lock.lock();
            try {
                if (execution.state == ExecutionState.RUNNING && live.get(execution.id) == execution) {
                    holdLease(execution); // a replica whose lease lapsed never ticks: the new owner does
                    flow(execution, node.id(), "in", ComponentRegistry.tickPayload(ticks.incrementAndGet(), Instant.now(), node.config()));
                }
            } finally {
                execution.lock.unlock();
            }
        } catch (RuntimeException e) {
            log.warn("Timer {} of execution {} failed: {}", node.id(), execution.id, e.toString());
        }
    }

    private String metricsJson(Execution execution) {
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("totals", execution.metrics.snapshot(0));
        Map<String, Object> nodes = new LinkedHashMap<>();
        execution.metrics.nodes.keySet().forEach(n -> nodes.put(n, execution.metrics.node(n)));
        metrics.put("nodes", nodes);
        return json.writeValueAsString(metrics);
    }

    /** Writes dirty operator state and dirty execution metrics (the write-behind flush). */
    synchronized void flush() {
        state.flush();
        for (Execution execution : live.values()) {
            if (execution.dirty) {
                execution.dirty = false;
                String metrics;
                execution.lock.lock();
                try {
                    metrics = metricsJson(execution);
                } finally {
                    execution.lock.unlock();
                }
                if (!store.saveMetrics(execution, metrics, replica.id())) {
                    lost(execution);
                }
            }
        }
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            log.warn("Runtime flush failed: {}", e.toString());
        }
    }

    /** Boot: reload the persisted graphs, then claim and rebuild live executions (own ones at once, others once expired). */
    @EventListener(ApplicationReadyEvent.class)
    @Order(0) // before the catalog sync's boot pass, which may auto-start hydrated graphs
    void recover() {
        graphs.hydrate();
        leases.register(replica.id(), replica.url());
        int resumed = claim(true);
        leasing = true;
        log.info("Runtime replica {} resumed {} live executions (operator state durable in PostgreSQL)", replica.id(), resumed);
    }

    /**
     * Process exit: flush, stop the timers, forget memory and release the leases, so another replica (or this one
     * restarted) takes the executions over at once; the database keeps them live.
     */
    @PreDestroy
    void shutdown() {
        if (crashed) {
            return;
        }
        leasing = false;
        flushQuietly();
        for (Execution execution : live.values()) {
            execution.timers.forEach(t -> t.cancel(false));
        }
        live.clear();
        try {
            leases.release(replica.id());
        } catch (RuntimeException e) {
            log.warn("Leases of replica {} not released (they expire): {}", replica.id(), e.toString());
        }
    }

    /** Tests: a replica that dies without a word (no flush, no release): its leases must expire before others claim. */
    void crash() {
        crashed = true;
        leasing = false;
        scheduler.shutdownNow();
        for (Execution execution : live.values()) {
            execution.timers.forEach(t -> t.cancel(false));
            events.close(execution.id);
        }
        live.clear();
    }

    /** Tests: a simulated process exit and boot on the same database (memory gone, rows kept). */
    void restartInPlace() {
        shutdown();
        state.forget();
        graphs.forget();
        recover();
    }

    private static Map<String, Object> started(Execution execution) {
        return Map.of("executionId", execution.id, "graphId", execution.graph.id(), "state", execution.state.wire(),
                "startedAt", execution.startedAt.toString());
    }

    List<Execution> liveVisible(SymbiaPrincipal principal) {
        List<Execution> out = new ArrayList<>();
        live.values().forEach(e -> {
            if (GraphService.canSee(e.orgId(), principal)) {
                out.add(e);
            }
        });
        return out;
    }
}
