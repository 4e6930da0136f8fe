package dev.symbia.network.policy;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A routing policy: enabled policies are tried by priority (highest first); the first whose conditions all hold acts. */
public record Policy(UUID id, String name, int priority, List<PolicyCondition> conditions, PolicyAction action,
        boolean enabled, String createdBy, Instant createdAt, Instant updatedAt) {
}
