package dev.symbia.network.routing;

import dev.symbia.network.policy.PolicyAction;
import dev.symbia.network.registry.Node;
import dev.symbia.relay.Envelope;
import java.util.List;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * What the router decided for an event, before anything is delivered. The simulator shows it; the
 * router executes it. {@code basis} is explicit (the event named its target), contracts, or none.
 */
public record RoutingPlan(Envelope envelope, Node source, String basis, List<String> candidates, List<Decision> decisions) {

    public enum Outcome { DELIVER, DROP, NONE }

    /**
     * The decision for one candidate target (or, when there was none, for the event itself: target null).
     *
     * @param target    the candidate target, null for an event without any
     * @param outcome   deliver, drop, or none (only logged)
     * @param deliverTo where it goes (the target, or a policy's route destination)
     * @param action    the matching policy's action, null when no policy matched (implicit allow)
     * @param policyId  the matching policy
     * @param detail    why, for traces and the simulator
     * @param data      transformed data, when a transform policy matched
     * @param level     log level, when a log policy matched
     */
    public record Decision(String target, Outcome outcome, String deliverTo, PolicyAction.Type action, UUID policyId,
            String detail, JsonNode data, String level) {
    }

    public boolean unrouted() {
        return candidates.isEmpty() && decisions.stream().noneMatch(d -> d.outcome() != Outcome.NONE);
    }
}
