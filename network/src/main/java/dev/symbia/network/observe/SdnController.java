package dev.symbia.network.observe;

import dev.symbia.network.contract.Contract;
import dev.symbia.network.contract.ContractRepository;
import dev.symbia.network.contract.ContractView;
import dev.symbia.network.delivery.LiveConnections;
import dev.symbia.network.policy.PolicyRepository;
import dev.symbia.network.policy.PolicyView;
import dev.symbia.network.registry.Node;
import dev.symbia.network.registry.NodeRepository;
import dev.symbia.network.registry.NodeView;
import dev.symbia.network.routing.Router;
import dev.symbia.network.routing.RoutingPlan;
import dev.symbia.network.security.Caller;
import dev.symbia.network.security.Capabilities;
import dev.symbia.network.security.RequiresCapability;
import dev.symbia.network.trace.EventRepository;
import dev.symbia.network.trace.Hop;
import dev.symbia.network.trace.Trace;
import dev.symbia.network.trace.TraceRepository;
import dev.symbia.network.trace.TraceStatus;
import dev.symbia.relay.Boundary;
import dev.symbia.relay.Envelope;
import dev.symbia.relay.EnvelopeCodec;
import dev.symbia.relay.EnvelopeRejectedException;
import dev.symbia.relay.EventTypePattern;
import dev.symbia.web.problem.ProblemException;
import io.swagger.v3.oas.annotations.Operation;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code /api/sdn/*}: what observers see — topology, summary, traces, flows, graph, simulation, live watch. */
@RestController
@RequestMapping("/api/sdn")
class SdnController {

    private static final int MAX_LIMIT = 1000;

    private final NodeRepository nodes;
    private final ContractRepository contracts;
    private final PolicyRepository policies;
    private final EventRepository events;
    private final TraceRepository traces;
    private final Router router;
    private final LiveConnections live;
    private final WatchHub watch;
    private final JsonMapper json;
    private final Clock clock;

    SdnController(NodeRepository nodes, ContractRepository contracts, PolicyRepository policies, EventRepository events,
            TraceRepository traces, Router router, LiveConnections live, WatchHub watch, JsonMapper json, Clock clock) {
        this.nodes = nodes;
        this.contracts = contracts;
        this.policies = policies;
        this.events = events;
        this.traces = traces;
        this.router = router;
        this.live = live;
        this.watch = watch;
        this.json = json;
        this.clock = clock;
    }

    @Operation(summary = "Nodes and active contracts")
    @GetMapping("/topology")
    Map<String, Object> topology(@RequiresCapability(Capabilities.TOPOLOGY_READ) Caller caller) {
        return Map.of("nodes", nodes.findAll().stream().map(NodeView::of).toList(),
                "contracts", contracts.active().stream().map(ContractView::of).toList(),
                "timestamp", clock.instant());
    }

    @Operation(summary = "Counts: nodes by type and state, contracts, policies, routing outcomes over the retained history")
    @GetMapping("/summary")
    Map<String, Object> summary(@RequiresCapability(Capabilities.TOPOLOGY_READ) Caller caller) {
        List<Node> all = nodes.findAll();
        Map<String, Long> byType = new LinkedHashMap<>();
        Node.TYPES.forEach(type -> byType.put(type, all.stream().filter(n -> n.type().equals(type)).count()));
        Map<String, Object> nodeCounts = new LinkedHashMap<>();
        nodeCounts.put("total", all.size());
        nodeCounts.put("online", all.stream().filter(Node::online).count());
        nodeCounts.put("offline", all.stream().filter(n -> !n.online()).count());
        nodeCounts.put("connected", all.stream().filter(Node::connected).count());
        nodeCounts.put("byType", byType);
        var allPolicies = policies.all();
        Map<TraceStatus, Long> outcomes = traces.countByStatus();
        Map<String, Object> routing = new LinkedHashMap<>();
        routing.put("events", events.count());
        for (TraceStatus status : TraceStatus.values()) {
            routing.put(status.wire(), outcomes.get(status));
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("nodes", nodeCounts);
        summary.put("contracts", Map.of("active", contracts.active().size()));
        summary.put("policies", Map.of("total", allPolicies.size(),
                "enabled", allPolicies.stream().filter(p -> p.enabled()).count()));
        summary.put("routing", routing);
        summary.put("timestamp", clock.instant());
        return summary;
    }

    @Operation(summary = "The trace of one event, hops enriched with node names and types")
    @GetMapping("/trace/{eventId}")
    JsonNode trace(@RequiresCapability(Capabilities.TRACES_READ) Caller caller, @PathVariable String eventId) {
        Trace trace = traces.find(eventId).orElseThrow(() -> ProblemException.notFound("Trace of event '" + eventId + "'"));
        Map<String, Node> known = nodes.findAll().stream().collect(Collectors.toMap(Node::id, Function.identity()));
        ObjectNode tree = json.valueToTree(trace);
        for (JsonNode hop : (ArrayNode) tree.get("path")) {
            Node node = known.get(hop.path("node").asString(""));
            ((ObjectNode) hop).put("nodeName", node == null ? null : node.name()).put("nodeType", node == null ? null : node.type());
        }
        return tree;
    }

    @Operation(summary = "The traces of a run")
    @GetMapping("/traces/{runId}")
    Map<String, Object> traces(@RequiresCapability(Capabilities.TRACES_READ) Caller caller, @PathVariable String runId,
            @RequestParam(defaultValue = "500") int limit) {
        checkLimit(limit);
        List<Trace> list = traces.ofRun(runId, limit);
        return Map.of("traces", list, "count", list.size(), "runId", runId);
    }

    record FlowNode(String id, String name, String type) {
    }

    record FlowEdge(String from, String to, String eventType, String eventId, Instant timestamp) {
    }

    @Operation(summary = "A run as a graph: who sent what to whom, in order")
    @GetMapping("/flow/{runId}")
    Map<String, Object> flow(@RequiresCapability(Capabilities.TRACES_READ) Caller caller, @PathVariable String runId,
            @RequestParam(defaultValue = "500") int limit) {
        checkLimit(limit);
        List<EventRepository.StoredEvent> ofRun = events.ofRun(runId, limit);
        Map<String, Trace> byEvent = traces.ofRun(runId, MAX_LIMIT * 10).stream()
                .collect(Collectors.toMap(Trace::eventId, Function.identity(), (a, b) -> a));
        Set<String> involved = new LinkedHashSet<>();
        List<FlowEdge> edges = new ArrayList<>();
        for (EventRepository.StoredEvent event : ofRun) {
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

    @Operation(summary = "Policies in evaluation order")
    @GetMapping("/policies")
    Map<String, Object> policies(@RequiresCapability(Capabilities.POLICIES_READ) Caller caller) {
        List<PolicyView> list = policies.all().stream().map(p -> PolicyView.of(p, json)).toList();
        return Map.of("policies", list, "count", list.size());
    }

    record GraphNode(String id, String name, String type, String status, boolean connected) {
    }

    @Operation(summary = "Nodes and who may reach whom under the active contracts ('*' expanded)")
    @GetMapping("/graph")
    Map<String, Object> graph(@RequiresCapability(Capabilities.TOPOLOGY_READ) Caller caller) {
        List<Node> all = nodes.findAll();
        Set<String> ids = all.stream().map(Node::id).collect(Collectors.toCollection(TreeSet::new));
        Map<String, Set<String>> adjacency = new TreeMap<>();
        for (Contract contract : contracts.active()) {
            Set<String> froms = Contract.ANY.equals(contract.from()) ? ids : Set.of(contract.from());
            for (String from : froms) {
                Set<String> tos = Contract.ANY.equals(contract.to()) ? ids : Set.of(contract.to());
                for (String to : tos) {
                    if (!to.equals(from)) {
                        adjacency.computeIfAbsent(from, k -> new TreeSet<>()).add(to);
                    }
                }
            }
        }
        return Map.of("nodes", all.stream().map(n -> new GraphNode(n.id(), n.name(), n.type(), n.online() ? "online" : "offline",
                n.connected())).toList(), "adjacency", adjacency);
    }

    @Operation(summary = "Dry run: where would this event go, and why — the router's own planning code")
    @PostMapping("/simulate")
    Map<String, Object> simulate(@RequiresCapability(Capabilities.EVENTS_READ) Caller caller, @RequestBody JsonNode body) {
        Envelope envelope = simulated(body);
        RoutingPlan plan = router.plan(envelope);
        List<String> reasons = new ArrayList<>();
        if (plan.source() == null) {
            reasons.add("source node '" + envelope.source() + "' is not registered");
        }
        if (plan.unrouted()) {
            reasons.add("no explicit target and no contract matches");
        }
        Map<String, Node> known = nodes.findAll().stream().collect(Collectors.toMap(Node::id, Function.identity()));
        List<Map<String, Object>> targets = new ArrayList<>();
        boolean reachable = false;
        for (RoutingPlan.Decision decision : plan.decisions()) {
            Map<String, Object> target = new LinkedHashMap<>();
            String id = decision.target();
            Node node = id == null ? null : known.get(id);
            target.put("id", id);
            target.put("name", node == null ? null : node.name());
            target.put("type", node == null ? null : node.type());
            target.put("exists", node != null);
            target.put("outcome", decision.outcome().name().toLowerCase(java.util.Locale.ROOT));
            target.put("deliverTo", decision.deliverTo());
            target.put("action", decision.action() == null ? "allow" : decision.action().wire());
            target.put("policyId", decision.policyId());
            target.put("detail", decision.detail());
            if (decision.outcome() == RoutingPlan.Outcome.DROP) {
                reasons.add((id == null ? "event" : "'" + id + "'") + ": " + decision.detail());
            } else if (decision.outcome() == RoutingPlan.Outcome.DELIVER) {
                Node destination = known.get(decision.deliverTo());
                boolean canReach = destination != null
                        && (live.isLive(destination.id()) || destination.connected() || destination.endpoint() != null);
                target.put("reachable", canReach);
                if (destination == null) {
                    reasons.add("'" + decision.deliverTo() + "' is not registered");
                } else if (!canReach) {
                    reasons.add("'" + decision.deliverTo() + "' has no live connection and no endpoint");
                }
                reachable |= canReach;
            }
            targets.add(target);
        }
        Map<String, Object> policyResult = plan.decisions().stream().filter(d -> d.policyId() != null).findFirst()
                .<Map<String, Object>>map(d -> {
                    Map<String, Object> result = new LinkedHashMap<>();
                    result.put("policyId", d.policyId());
                    result.put("action", d.action().wire());
                    return result;
                }).orElseGet(() -> Map.of("action", "allow", "implicit", true));
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("type", envelope.type());
        event.put("source", envelope.source());
        event.put("target", envelope.target());
        event.put("runId", envelope.runId());
        event.put("boundary", envelope.boundary().wire());
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("wouldSucceed", plan.source() != null && reachable);
        result.put("event", event);
        result.put("sourceNode", plan.source() == null ? null : NodeView.of(plan.source()));
        result.put("basis", plan.basis());
        result.put("targets", targets);
        result.put("policyResult", policyResult);
        result.put("reasons", reasons);
        return result;
    }

    private Envelope simulated(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ProblemException.badRequest("An event object is required: {type, source, target?, runId?, boundary?, data?}.");
        }
        String type = text(body, "type") != null ? text(body, "type") : text(body.path("payload"), "type");
        String boundary = text(body, "boundary");
        Envelope envelope = new Envelope("simulation", type, text(body, "source"), text(body, "target"),
                text(body, "runId") == null ? "simulation" : text(body, "runId"), null,
                boundary == null ? Boundary.INTRA : Boundary.parse(boundary)
                        .orElseThrow(() -> ProblemException.badRequest("boundary must be intra, inter or extra.")),
                EnvelopeCodec.timestamp(clock.instant()),
                body.has("data") ? body.get("data") : body.path("payload").has("data") ? body.get("payload").get("data") : NullNode.getInstance(),
                null);
        try {
            EnvelopeCodec.validate(envelope);
        } catch (EnvelopeRejectedException e) {
            throw ProblemException.badRequest(e.getMessage());
        }
        return envelope;
    }

    @Operation(summary = "Live stream (SSE) of routed events, filtered by runId, source and/or type pattern")
    @GetMapping(path = "/watch", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter watch(@RequiresCapability(Capabilities.EVENTS_READ) Caller caller, @RequestParam(required = false) String runId,
            @RequestParam(required = false) String source, @RequestParam(required = false) String type) {
        EventTypePattern pattern = null;
        if (type != null) {
            try {
                pattern = EventTypePattern.parse(type);
            } catch (IllegalArgumentException e) {
                throw ProblemException.badRequest("type must be *, an exact event type, or prefix.*.");
            }
        }
        return watch.watch(new WatchHub.Filter(blankToNull(runId), blankToNull(source), pattern));
    }

    private static void checkLimit(int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ProblemException.badRequest("limit must be between 1 and " + MAX_LIMIT + ".");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isString()) {
            throw ProblemException.badRequest("'" + field + "' must be a string.");
        }
        return value.stringValue();
    }
}
