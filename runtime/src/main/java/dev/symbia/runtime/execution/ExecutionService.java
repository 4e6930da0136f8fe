package dev.symbia.runtime.execution;

import dev.symbia.auth.SymbiaPrincipal;
import dev.symbia.core.ProblemTypes;
import dev.symbia.runtime.component.ComponentRegistry;
import dev.symbia.runtime.config.RuntimeProperties;
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
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Executions: start, inject (synchronous flow), pause with a bounded queue, resume draining it in order, stop.
 * Live executions are in memory and mirrored in PostgreSQL (state transitions at once, metrics and operator state
 * written behind); on boot the live ones are rebuilt with their state and timers.
 */
@Service
class ExecutionService {

    private static final Logger log = LoggerFactory.getLogger(ExecutionService.class);

    /** What an inject did: ran (result) or was queued behind a pause (position). */
    record Outcome(InjectResult result, int queuedAt) {
    }

    private final GraphService graphs;
    private final Engine engine;
    private final ExecutionStore store;
    private final StateStore state;
    private final EventHub events;
    private final RuntimeProperties properties;
    private final JsonMapper json = JsonMapper.builder().build();
    private final Map<String, Execution> live = new ConcurrentHashMap<>();
    private final AtomicLong totalMessages = new AtomicLong();
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, Thread.ofPlatform()
            .daemon().name("runtime-timer-", 0).factory());

    ExecutionService(GraphService graphs, Engine engine, ExecutionStore store, StateStore state, EventHub events,
                     RuntimeProperties properties) {
        this.graphs = graphs;
        this.engine = engine;
        this.store = store;
        this.state = state;
        this.events = events;
        this.properties = properties;
        long flush = properties.stateFlush().toMillis();
        scheduler.scheduleWithFixedDelay(this::flushQuietly, flush, flush, TimeUnit.MILLISECONDS);
    }

    // ---- lifecycle ------------------------------------------------------------------------------------------

    Execution start(String graphId, SymbiaPrincipal principal) {
        LoadedGraph graph = graphs.visible(graphId, principal);
        synchronized (live) {
            if (live.size() >= properties.maxConcurrentExecutions()) {
                throw new ProblemException(HttpStatus.CONFLICT, ProblemTypes.CONFLICT, "Too many executions",
                        "At most " + properties.maxConcurrentExecutions() + " executions may be live at once; stop one first.");
            }
            Instant now = Instant.now();
            Execution execution = new Execution(UUID.randomUUID().toString(), graph, ExecutionState.RUNNING, now, now);
            state.hydrate(graph.orgId(), graph.key());
            store.insert(execution);
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
                execution.queue.addLast(new Execution.Pending(nodeId, port, value));
                return new Outcome(null, execution.queue.size());
            }
            if (execution.state != ExecutionState.RUNNING) {
                throw ProblemException.conflict("Execution " + execution.id + " is " + execution.state.wire());
            }
            return new Outcome(flow(execution, nodeId, port, value), 0);
        } finally {
            execution.lock.unlock();
        }
    }

    Execution pause(String id, SymbiaPrincipal principal) {
        Execution execution = liveVisible(id, principal);
        execution.lock.lock();
        try {
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
            requireState(execution, ExecutionState.PAUSED, "resume");
            change(execution, ExecutionState.RUNNING, null);
            events.publish(execution.id, "execution:resumed", Map.of("executionId", execution.id, "state", "running"));
            while (!execution.queue.isEmpty()) {
                Execution.Pending next = execution.queue.removeFirst();
                flow(execution, next.nodeId(), next.port(), next.value());
            }
            return execution;
        } finally {
            execution.lock.unlock();
        }
    }

    Execution stop(String id, SymbiaPrincipal principal) {
        return stop(liveVisible(id, principal));
    }

    private Execution stop(Execution execution) {
        execution.lock.lock();
        try {
            execution.timers.forEach(t -> t.cancel(false));
            execution.queue.clear();
            execution.completedAt = Instant.now();
            change(execution, ExecutionState.CANCELLED, null);
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
        for (Execution execution : List.copyOf(live.values())) {
            if (execution.graph.id().equals(unloaded.graphId())) {
                stop(execution);
            }
        }
    }

    // ---- reads ----------------------------------------------------------------------------------------------

    /** A live execution the caller may see, else 404 (another org's too). */
    Execution liveVisible(String id, SymbiaPrincipal principal) {
        Execution execution = live.get(id);
        if (execution == null || !GraphService.canSee(execution.orgId(), principal)) {
            if (execution == null && find(id, principal).isPresent()) {
                throw ProblemException.conflict("Execution " + id + " is no longer running");
            }
            throw ProblemException.notFound("Execution " + id);
        }
        return execution;
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

    /** The newest live execution of any of these graphs (ingress target). */
    Optional<Execution> newestLive(Collection<LoadedGraph> candidates) {
        return live.values().stream().filter(e -> candidates.stream().anyMatch(g -> g.id().equals(e.graph.id())))
                .max((a, b) -> a.createdAt.compareTo(b.createdAt));
    }

    SseEmitter subscribe(String id, SymbiaPrincipal principal) {
        Execution execution = liveVisible(id, principal);
        Map<String, Object> initial = new LinkedHashMap<>();
        initial.put("executionId", execution.id);
        initial.put("graphId", execution.graph.id());
        initial.put("state", execution.state.wire());
        initial.put("metrics", execution.metrics.snapshot(execution.queue.size()));
        initial.put("startedAt", String.valueOf(execution.startedAt));
        return events.subscribe(execution.id, "execution:state", initial);
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
        store.changeState(execution, from, metricsJson(execution), error);
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
                if (execution.state == ExecutionState.RUNNING) {
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
                store.saveMetrics(execution.id, metrics);
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

    /** Boot: reload the persisted graphs, then rebuild every live execution with its state, metrics and timers. */
    @EventListener(ApplicationReadyEvent.class)
    void recover() {
        graphs.hydrate();
        int resumed = 0;
        for (ExecutionStore.Row row : store.live()) {
            Optional<LoadedGraph> graph = graphs.find(row.graphId());
            if (graph.isEmpty()) {
                log.warn("Execution {} cannot resume: graph {} is gone", row.id(), row.graphId());
                continue;
            }
            Execution execution = new Execution(row.id(), graph.get(), ExecutionState.of(row.state()), row.createdAt(), row.startedAt());
            try {
                JsonNode metrics = json.readTree(row.metrics());
                if (metrics.has("totals")) {
                    execution.metrics.restore(json.treeToValue(metrics.get("totals"), Metrics.Snapshot.class));
                }
            } catch (RuntimeException e) {
                log.warn("Execution {} metrics unreadable, starting from zero: {}", row.id(), e.toString());
            }
            state.hydrate(execution.orgId(), execution.graph.key());
            live.put(execution.id, execution);
            startTimers(execution);
            resumed++;
        }
        log.info("Runtime recovered {} graphs' executions: {} live (operator state durable in PostgreSQL)", live.size(), resumed);
    }

    /** Process exit: flush, stop the timers, forget memory (the database keeps executions live for the next boot). */
    @PreDestroy
    void shutdown() {
        flushQuietly();
        for (Execution execution : live.values()) {
            execution.timers.forEach(t -> t.cancel(false));
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
