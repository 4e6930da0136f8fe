package dev.symbia.network.observe;

import dev.symbia.network.registry.Node;
import dev.symbia.network.registry.NodeStore;
import dev.symbia.network.trace.EventStore;
import dev.symbia.network.trace.Hop;
import dev.symbia.network.trace.Trace;
import dev.symbia.network.trace.TraceStore;
import dev.symbia.web.problem.ProblemException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** What happened to events: a trace with its nodes named, a run's traces, a run as a graph of who sent what to whom. */
@Service
class FlowService {

    /** Traces read per run when drawing its flow: every event of the run at the largest page has its trace. */
    private static final int MAX_TRACES = 10_000;

    record FlowNode(String id, String name, String type) {
    }

    record FlowEdge(String from, String to, String eventType, String eventId, Instant timestamp) {
    }

    private final NodeStore nodes;
    private final EventStore events;
    private final TraceStore traces;
    private final JsonMapper json;

    FlowService(NodeStore nodes, EventStore events, TraceStore traces, JsonMapper json) {
        this.nodes = nodes;
        this.events = events;
        this.traces = traces;
        this.json = json;
    }

    /** The trace of one event, each hop with its node's name and type. */
    JsonNode trace(String eventId) {
        Trace trace = traces.find(eventId).orElseThrow(() -> ProblemException.notFound("Trace of event '" + eventId + "'"));
        Map<String, Node> known = nodes.findAll().stream().collect(Collectors.toMap(Node::id, Function.identity()));
        ObjectNode tree = json.valueToTree(trace);
        for (JsonNode hop : (ArrayNode) tree.get("path")) {
            Node node = known.get(hop.path("node").asString(""));
            ((ObjectNode) hop).put("nodeName", node == null ? null : node.name()).put("nodeType", node == null ? null : node.type());
        }
        return tree;
    }

    Map<String, Object> traces(String runId, int limit) {
        List<Trace> list = traces.ofRun(runId, limit);
        return Map.of("traces", list, "count", list.size(), "runId", runId);
    }

    /** A run in order: an edge per delivery, the nodes involved. */
    Map<String, Object> flow(String runId, int limit) {
        List<EventStore.StoredEvent> ofRun = events.ofRun(runId, limit);
        Map<String, Trace> byEvent = traces.ofRun(runId, MAX_TRACES).stream()
                .collect(Collectors.toMap(Trace::eventId, Function.identity(), (a, b) -> a));
        Set<String> involved = new LinkedHashSet<>();
        List<FlowEdge> edges = new ArrayList<>();
        for (EventStore.StoredEvent event : ofRun) {
            involved.add(event.source());
            Trace trace = byEvent.get(event.id());
            if (trace == null) {
                continue;
            }
            for (Hop hop : trace.path()) {
                if ("deliver".equals(hop.action())) {
                    involved.add(hop.node());
                    edges.add(new FlowEdge(event.source(), hop.node(), event.type(), event.id(), hop.timestamp()));
                }
            }
        }
        Map<String, Node> known = nodes.findAll().stream().collect(Collectors.toMap(Node::id, Function.identity()));
        List<FlowNode> flowNodes = involved.stream().map(id -> {
            Node node = known.get(id);
            return node == null ? new FlowNode(id, id, "unknown") : new FlowNode(id, node.name(), node.type());
        }).toList();
        return Map.of("runId", runId, "nodes", flowNodes, "edges", edges, "eventCount", ofRun.size());
    }
}
