package dev.symbia.network.policy;

import java.time.Instant;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Wire shape of a policy. */
public record PolicyView(UUID id, String name, int priority, JsonNode conditions, JsonNode action, boolean enabled,
        Instant createdAt, Instant updatedAt) {

    public static PolicyView of(Policy policy, JsonMapper json) {
        return new PolicyView(policy.id(), policy.name(), policy.priority(), PolicyJson.write(policy.conditions(), json),
                PolicyJson.write(policy.action(), json), policy.enabled(), policy.createdAt(), policy.updatedAt());
    }
}
