package dev.symbia.integrations.deploy;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/** A deployment as read back: its request, status, Railway's id and every step so far. */
record DeploymentView(UUID id, String orgId, String userId, String status, JsonNode request,
        String railwayDeploymentId, String error, Instant createdAt, Instant updatedAt, Instant finishedAt,
        List<Step> steps) {

    record Step(int seq, String name, String status, Instant startedAt, Instant finishedAt, Long durationMs,
            String vendorId, JsonNode findings, JsonNode detail, String error) {
    }

    boolean terminal() {
        return !"running".equals(status);
    }
}
