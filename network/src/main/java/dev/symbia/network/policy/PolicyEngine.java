package dev.symbia.network.policy;

import dev.symbia.relay.Boundary;
import java.util.List;
import java.util.Optional;

/** First-match evaluation over policies already ordered by priority. */
public final class PolicyEngine {

    /** The routing facts conditions can test; {@code target} is null when the event has none (yet). */
    public record Facts(String source, String target, String eventType, Boundary boundary, String runId) {

        String get(PolicyCondition.Field field) {
            return switch (field) {
                case SOURCE -> source;
                case TARGET -> target;
                case EVENT_TYPE -> eventType;
                case BOUNDARY -> boundary == null ? null : boundary.wire();
                case RUN_ID -> runId;
            };
        }
    }

    private PolicyEngine() {
    }

    /** The first enabled policy whose conditions all hold (a policy without conditions matches everything). */
    public static Optional<Policy> firstMatch(List<Policy> ordered, Facts facts) {
        for (Policy policy : ordered) {
            if (policy.enabled() && policy.conditions().stream().allMatch(c -> c.test(facts.get(c.field())))) {
                return Optional.of(policy);
            }
        }
        return Optional.empty();
    }
}
