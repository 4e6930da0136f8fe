package dev.symbia.network.routing;

import dev.symbia.core.SymbiaService;
import dev.symbia.network.contract.Contract;
import dev.symbia.network.contract.ContractTable;
import dev.symbia.network.delivery.Deliverer;
import dev.symbia.network.delivery.DeliveryOutcome;
import dev.symbia.network.policy.DataTransform;
import dev.symbia.network.policy.Policy;
import dev.symbia.network.policy.PolicyAction;
import dev.symbia.network.policy.PolicyEngine;
import dev.symbia.network.policy.PolicyTable;
import dev.symbia.network.registry.Node;
import dev.symbia.network.registry.NodeDirectory;
import dev.symbia.network.trace.Hop;
import dev.symbia.network.trace.Trace;
import dev.symbia.network.trace.TraceStatus;
import dev.symbia.relay.Envelope;
import dev.symbia.relay.EnvelopeSigner;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;
import org.springframework.stereotype.Service;

/**
 * Routing (SPEC §5): an explicit target, else every contract from the source whose event-type
 * pattern and boundary match — a contract to {@code *} reaching the online nodes that consume the type
 * (their declared subscriptions; a node that declared none takes every broadcast); then, per target, the first matching policy by priority — allow,
 * deny, route (to another node), transform (data), log — then delivery, in parallel, over the
 * node's socket or HTTP. {@link #plan} is also what the simulator runs, so both always agree. Nodes,
 * contracts and policies are read from memory, kept current across replicas by notifications.
 */
@Service
public class Router {

    private static final Logger log = LoggerFactory.getLogger(Router.class);
    /** Log-action records go here, so operators can route them to their own appender. */
    private static final Logger policyLog = LoggerFactory.getLogger("dev.symbia.network.policy.log");

    private final NodeDirectory nodes;
    private final ContractTable contracts;
    private final PolicyTable policies;
    private final Deliverer deliverer;
    private final EnvelopeSigner signer;
    private final Clock clock;

    Router(NodeDirectory nodes, ContractTable contracts, PolicyTable policies, Deliverer deliverer,
            EnvelopeSigner signer, Clock clock) {
        this.nodes = nodes;
        this.contracts = contracts;
        this.policies = policies;
        this.deliverer = deliverer;
        this.signer = signer;
        this.clock = clock;
    }

    /** Decides where the event goes, without delivering anything. */
    public RoutingPlan plan(Envelope envelope) {
        Node source = nodes.find(envelope.source()).orElse(null);
        Instant now = clock.instant();
        String basis;
        Set<String> candidates = new LinkedHashSet<>();
        if (envelope.target() != null) {
            basis = "explicit";
            candidates.add(envelope.target());
        } else {
            // A loop, not a stream: this runs once per event (issue 26).
            boolean matched = false;
            for (Contract contract : contracts.from(envelope.source())) {
                if (!contract.matches(envelope.source(), envelope.type(), envelope.boundary(), now)) {
                    continue;
                }
                matched = true;
                if (Contract.ANY.equals(contract.to())) {
                    candidates.addAll(nodes.onlineConsumersExcept(envelope.source(), envelope.type()));
                    // The hub's own node (registry.SelfRegistration) is not a consumer of broadcasts.
                    candidates.remove(SymbiaService.NETWORK.id());
                } else if (!contract.to().equals(envelope.source())) {
                    candidates.add(contract.to());
                }
            }
            basis = matched ? "contracts" : "none";
        }
        List<Policy> ordered = policies.enabledInOrder();
        List<RoutingPlan.Decision> decisions = new ArrayList<>();
        if (candidates.isEmpty()) {
            // Nothing to send to, but a policy may still route it somewhere, drop it, or log it.
            PolicyEngine.firstMatch(ordered, facts(envelope, null))
                    .map(policy -> decide(envelope, null, policy))
                    .filter(decision -> decision.action() != PolicyAction.Type.ALLOW)
                    .ifPresent(decisions::add);
        } else {
            for (String target : candidates) {
                decisions.add(PolicyEngine.firstMatch(ordered, facts(envelope, target))
                        .map(policy -> decide(envelope, target, policy))
                        .orElseGet(() -> new RoutingPlan.Decision(target, RoutingPlan.Outcome.DELIVER, target, null, null,
                                null, null, null)));
            }
        }
        return new RoutingPlan(envelope, source, basis, List.copyOf(candidates), List.copyOf(decisions));
    }

    private static PolicyEngine.Facts facts(Envelope envelope, String target) {
        return new PolicyEngine.Facts(envelope.source(), target, envelope.type(), envelope.boundary(), envelope.runId());
    }

    private static RoutingPlan.Decision decide(Envelope envelope, String target, Policy policy) {
        PolicyAction action = policy.action();
        String detail = "policy '" + policy.name() + "'";
        return switch (action.type()) {
            case ALLOW -> new RoutingPlan.Decision(target, target == null ? RoutingPlan.Outcome.NONE : RoutingPlan.Outcome.DELIVER,
                    target, action.type(), policy.id(), detail, null, null);
            case DENY -> new RoutingPlan.Decision(target, RoutingPlan.Outcome.DROP, null, action.type(), policy.id(),
                    action.reason() != null ? action.reason() : "denied by " + detail, null, null);
            case ROUTE -> new RoutingPlan.Decision(target, RoutingPlan.Outcome.DELIVER, action.to(), action.type(), policy.id(),
                    "routed to " + action.to() + " by " + detail, null, null);
            case TRANSFORM -> new RoutingPlan.Decision(target, target == null ? RoutingPlan.Outcome.NONE : RoutingPlan.Outcome.DELIVER,
                    target, action.type(), policy.id(), detail, DataTransform.apply(envelope.data(), action.mapping()), null);
            case LOG -> new RoutingPlan.Decision(target, target == null ? RoutingPlan.Outcome.NONE : RoutingPlan.Outcome.DELIVER,
                    target, action.type(), policy.id(), detail, null, action.level());
        };
    }

    /** Plans and delivers; returns the trace (not yet stored). {@code wire} is the envelope as serialised once. */
    public Trace route(Envelope envelope, String wire) {
        long started = System.nanoTime();
        RoutingPlan plan = plan(envelope);
        List<Hop> hops = new ArrayList<>();
        // One delivery per destination, even if several targets lead there.
        Map<String, Envelope> deliveries = new LinkedHashMap<>();
        for (RoutingPlan.Decision decision : plan.decisions()) {
            Instant at = clock.instant();
            String node = decision.target() != null ? decision.target() : envelope.source();
            String policyId = decision.policyId() == null ? null : decision.policyId().toString();
            if (decision.action() != null) {
                switch (decision.action()) {
                    case DENY -> hops.add(Hop.decision(node, at, "drop", policyId, decision.detail(), null));
                    case ROUTE -> hops.add(Hop.decision(node, at, "forward", policyId, decision.detail(), null));
                    case TRANSFORM -> hops.add(Hop.decision(node, at, "transform", policyId, decision.detail(), null));
                    case LOG -> {
                        hops.add(Hop.decision(node, at, "log", policyId, decision.detail(), decision.level()));
                        policyLog.atLevel(Level.valueOf(decision.level().toUpperCase(java.util.Locale.ROOT)))
                                .log("event {} type={} source={} target={} run={} boundary={} ({})", envelope.id(),
                                        envelope.type(), envelope.source(), node, envelope.runId(), envelope.boundary().wire(),
                                        decision.detail());
                    }
                    case ALLOW -> {
                        // nothing to record before delivery
                    }
                }
            }
            if (decision.outcome() == RoutingPlan.Outcome.DELIVER && decision.deliverTo() != null) {
                // Transformed data changes the signed content: the network, which holds the key, signs the new envelope.
                Envelope variant = decision.data() != null ? signer.sign(envelope.withData(decision.data())) : envelope;
                deliveries.putIfAbsent(decision.deliverTo(), variant);
            }
        }
        boolean attempted = deliver(deliveries, envelope, wire, hops);
        boolean delivered = false;
        for (Hop hop : hops) {
            delivered |= "deliver".equals(hop.action());
        }
        TraceStatus status;
        String error = null;
        if (delivered) {
            status = TraceStatus.DELIVERED;
        } else if (attempted) {
            status = TraceStatus.ERROR;
            error = "every delivery failed";
        } else if (plan.unrouted()) {
            status = TraceStatus.UNROUTED;
        } else {
            status = TraceStatus.DROPPED;
        }
        long total = (System.nanoTime() - started) / 1_000_000;
        return new Trace(envelope.id(), envelope.runId(), status, error, List.copyOf(hops), total, clock.instant());
    }

    /** Delivers in parallel on virtual threads; adds a hop per destination; true if any delivery was attempted and failed. */
    private boolean deliver(Map<String, Envelope> deliveries, Envelope original, String wire, List<Hop> hops) {
        if (deliveries.isEmpty()) {
            return false;
        }
        if (deliveries.size() == 1) {
            // The common case: one destination, delivered on this thread (no executor, futures or maps per event).
            Map.Entry<String, Envelope> only = deliveries.entrySet().iterator().next();
            Optional<DeliveryOutcome> outcome;
            try {
                outcome = deliverTo(only.getKey(), only.getValue(), original, wire);
            } catch (RuntimeException e) {
                log.warn("Delivery to {} failed unexpectedly", only.getKey(), e);
                outcome = Optional.of(new DeliveryOutcome(false, "none", 1, 0, "internal error"));
            }
            return record(only.getKey(), outcome, hops);
        }
        Map<String, Future<Optional<DeliveryOutcome>>> pending = new LinkedHashMap<>();
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            deliveries.forEach((nodeId, envelope) -> pending.put(nodeId,
                    executor.submit(() -> deliverTo(nodeId, envelope, original, wire))));
        }
        boolean failed = false;
        for (Map.Entry<String, Future<Optional<DeliveryOutcome>>> entry : pending.entrySet()) {
            Optional<DeliveryOutcome> outcome;
            try {
                outcome = entry.getValue().get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                outcome = Optional.of(new DeliveryOutcome(false, "none", 1, 0, "interrupted"));
            } catch (ExecutionException e) {
                log.warn("Delivery to {} failed unexpectedly", entry.getKey(), e.getCause());
                outcome = Optional.of(new DeliveryOutcome(false, "none", 1, 0, "internal error"));
            }
            failed |= record(entry.getKey(), outcome, hops);
        }
        return failed;
    }

    /** Empty when the node is not registered (nodes are read from memory: registry.NodeDirectory). */
    private Optional<DeliveryOutcome> deliverTo(String nodeId, Envelope envelope, Envelope original, String wire) {
        return nodes.find(nodeId).map(node -> envelope == original
                ? deliverer.deliver(node, envelope, wire) : deliverer.deliver(node, envelope));
    }

    /** Adds the delivery's hop; true when it was attempted and failed. */
    private boolean record(String nodeId, Optional<DeliveryOutcome> outcome, List<Hop> hops) {
        Instant at = clock.instant();
        if (outcome.isEmpty()) {
            hops.add(new Hop(nodeId, at, 0, "drop", null, null, null, "node not registered", null));
            return false;
        }
        DeliveryOutcome result = outcome.get();
        if (result.delivered()) {
            hops.add(new Hop(nodeId, at, result.durationMs(), "deliver", null, result.via(), result.attempts(), null, null));
            return false;
        }
        if (result.failed()) {
            hops.add(new Hop(nodeId, at, result.durationMs(), "fail", null, result.via(), result.attempts(), result.detail(), null));
            return true;
        }
        hops.add(new Hop(nodeId, at, 0, "drop", null, null, null, result.detail(), null));
        return false;
    }
}
