package dev.symbia.network.observe;

import dev.symbia.network.delivery.LiveConnections;
import dev.symbia.network.registry.Node;
import dev.symbia.network.registry.NodeStore;
import dev.symbia.network.registry.NodeView;
import dev.symbia.network.routing.Router;
import dev.symbia.network.routing.RoutingPlan;
import dev.symbia.relay.Boundary;
import dev.symbia.relay.Envelope;
import dev.symbia.relay.EnvelopeCodec;
import dev.symbia.relay.EnvelopeRejectedException;
import dev.symbia.web.problem.ProblemException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.NullNode;

/** The dry run: where an event would go and why, by the router's own planning code ({@link Router#plan}). */
@Service
class Simulator {

    private final Router router;
    private final NodeStore nodes;
    private final LiveConnections live;
    private final Clock clock;

    Simulator(Router router, NodeStore nodes, LiveConnections live, Clock clock) {
        this.router = router;
        this.nodes = nodes;
        this.live = live;
        this.clock = clock;
    }

    /** {@code body}: {@code {type, source, target?, runId?, boundary?, data?}} (or the reference's payload shape). */
    Map<String, Object> simulate(JsonNode body) {
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
