package dev.symbia.identity.agent;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/** An agent as clients see it: everything but the credential hash. */
public record AgentView(String id, String agentId, String name, String orgId, List<String> capabilities,
        Map<String, Object> metadata, boolean isActive, OffsetDateTime lastSeenAt, OffsetDateTime createdAt) {

    public static AgentView of(AgentStore.AgentRow row) {
        return new AgentView(row.id().toString(), row.agentId(), row.name(), row.orgId().toString(), row.capabilities(),
                row.metadata(), row.active(), row.lastSeenAt(), row.createdAt());
    }
}
