package dev.symbia.runtime.execution;

import dev.symbia.runtime.component.Component;
import dev.symbia.runtime.component.ComponentRegistry;
import dev.symbia.runtime.component.Emit;
import dev.symbia.runtime.component.FlowValue;
import dev.symbia.runtime.component.Lane;
import dev.symbia.runtime.component.NodeContext;
import dev.symbia.runtime.component.OperatorState;
import dev.symbia.runtime.component.Values;
import dev.symbia.runtime.config.RuntimeProperties;
import dev.symbia.runtime.graph.LoadedGraph;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The flow walk of §2.4: seed the start node's inbox, walk the topological order from it, process each pending
 * message separately, fire only emitted ports, tighten lanes, send handler failures to {@code error}, record
 * unconnected emissions as outputs, trace and count. The caller holds the execution's lock.
 */
@Service
class Engine {

    private record Pending(String port, FlowValue value) {
    }

    private final ComponentRegistry registry;
    private final StateStore state;
    private final EventHub events;
    private final Duration nodeTimeout;
    private final ExecutorService blocking = Executors.newVirtualThreadPerTaskExecutor();

    Engine(ComponentRegistry registry, StateStore state, EventHub events, RuntimeProperties properties) {
        this.registry = registry;
        this.state = state;
        this.events = events;
        this.nodeTimeout = properties.nodeTimeout();
    }

    InjectResult run(Execution execution, String startNode, String port, JsonNode value) {
        LoadedGraph graph = execution.graph;
        Map<String, List<Pending>> inbox = new HashMap<>();
        inbox.computeIfAbsent(startNode, n -> new ArrayList<>()).add(new Pending(port, new FlowValue(value, Lane.CANONICAL)));
        Map<String, InjectResult.Output> outputs = new LinkedHashMap<>();
        List<InjectResult.Trace> trace = new ArrayList<>();
        boolean watched = events.watched(execution.id);
        int hops = 0;
        List<String> sorted = graph.topology().sorted();
        for (int i = sorted.indexOf(startNode); i >= 0 && i < sorted.size(); i++) {
            String nodeId = sorted.get(i);
            List<Pending> pending = inbox.remove(nodeId);
            if (pending == null) {
                continue; // branch not taken
            }
            LoadedGraph.Node node = graph.node(nodeId);
            Component component = registry.find(node.component()).orElse(null);
            for (Pending message : pending) {
                hops++;
                long started = System.nanoTime();
                List<Emit> emitted;
                boolean thrown = false;
                boolean apocryphalComponent = component != null && component.spec().emitsApocryphal();
                try {
                    if (component == null) {
                        throw new IllegalStateException("component " + node.component() + " is not registered");
                    }
                    execution.metrics.componentInvocations++;
                    emitted = invoke(component, message, context(execution, node, message.port(), trace));
                } catch (Exception e) {
                    thrown = true;
                    execution.metrics.errorCount++;
                    execution.metrics.nodes.computeIfAbsent(nodeId, n -> new Metrics.NodeMetrics()).errorCount++;
                    ObjectNode error = Values.object();
                    error.put("error", e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
                    emitted = List.of(new Emit("error", FlowValue.apocryphal(error)));
                }
                double ms = (System.nanoTime() - started) / 1_000_000.0;
                count(execution, nodeId, ms);
                for (Emit emit : emitted) {
                    Lane lane = Lane.tighten(message.value().lane(), apocryphalComponent, emit.value().lane());
                    FlowValue out = new FlowValue(emit.value().value(), lane);
                    trace.add(new InjectResult.Trace(nodeId, emit.port(), lane.wire(), round(ms), Values.preview(out.value(), 160)));
                    if (!thrown && emit.port().equals("error")) {
                        // a handler's own error emission counts like a thrown one (the reference never counted either)
                        execution.metrics.errorCount++;
                        execution.metrics.nodes.get(nodeId).errorCount++;
                    }
                    List<LoadedGraph.Edge> edges = graph.topology().outgoing(nodeId, emit.port());
                    if (edges.isEmpty()) {
                        outputs.put(nodeId + ":" + emit.port(), new InjectResult.Output(out.value(), lane.wire()));
                        continue;
                    }
                    for (LoadedGraph.Edge edge : edges) {
                        inbox.computeIfAbsent(edge.target().node(), n -> new ArrayList<>()).add(new Pending(edge.target().port(), out));
                        execution.metrics.messagesEmitted++;
                        long sequence = execution.sequence.incrementAndGet();
                        if (watched) {
                            Map<String, Object> event = new LinkedHashMap<>();
                            event.put("executionId", execution.id);
                            event.put("sourceNode", nodeId);
                            event.put("sourcePort", emit.port());
                            event.put("targetNode", edge.target().node());
                            event.put("targetPort", edge.target().port());
                            event.put("value", out.value());
                            event.put("lane", lane.wire());
                            event.put("timestamp", Instant.now().toString());
                            event.put("sequence", sequence);
                            events.publish(execution.id, "port:emit", event);
                        }
                    }
                }
            }
        }
        execution.metrics.lastActivityTime = Instant.now();
        execution.dirty = true;
        return new InjectResult(outputs, trace, hops);
    }

    private List<Emit> invoke(Component component, Pending message, NodeContext context) throws Exception {
        if (!component.spec().blocking()) {
            return component.handle(message.value(), context);
        }
        // Sleeps and network calls run under the node timeout on a virtual thread.
        Future<List<Emit>> call = blocking.submit(() -> component.handle(message.value(), context));
        try {
            return call.get(nodeTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            call.cancel(true);
            throw new IllegalStateException("node timed out after " + nodeTimeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    private NodeContext context(Execution execution, LoadedGraph.Node node, String arrivalPort, List<InjectResult.Trace> trace) {
        OperatorState operatorState = state.view(execution, node.id());
        return new NodeContext() {
            @Override
            public String nodeId() {
                return node.id();
            }

            @Override
            public String executionId() {
                return execution.id;
            }

            @Override
            public String orgId() {
                return execution.orgId();
            }

            @Override
            public String ownerId() {
                return execution.graph.ownerId();
            }

            @Override
            public String graphKey() {
                return execution.graph.key();
            }

            @Override
            public JsonNode config() {
                return node.config();
            }

            @Override
            public String arrivalPort() {
                return arrivalPort;
            }

            @Override
            public OperatorState state() {
                return operatorState;
            }

            @Override
            public void log(String message) {
                synchronized (trace) {
                    trace.add(new InjectResult.Trace(node.id(), "log", "canonical", 0, message));
                }
            }
        };
    }

    private static void count(Execution execution, String nodeId, double ms) {
        Metrics m = execution.metrics;
        m.messagesProcessed++;
        m.nodeInvocations++;
        m.totalLatencyMs += ms;
        m.maxLatencyMs = Math.max(m.maxLatencyMs, ms);
        Metrics.NodeMetrics node = m.nodes.computeIfAbsent(nodeId, n -> new Metrics.NodeMetrics());
        node.invocations++;
        node.totalLatencyMs += ms;
    }

    private static double round(double ms) {
        return Math.round(ms * 1000) / 1000.0;
    }
}
