package dev.symbia.network.registry;

import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Wire shape of a node. {@code status} is online while heartbeats arrive; {@code connected} while a socket is live. */
public record NodeView(String id, String name, String type, List<String> capabilities, String endpoint, JsonNode metadata,
        List<String> subscriptions, String status, boolean connected, Instant registeredAt, Instant lastHeartbeat) {

    public static NodeView of(Node node) {
        return new NodeView(node.id(), node.name(), node.type(), node.capabilities(), node.endpoint(), node.metadata(),
                node.subscriptions(), node.online() ? "online" : "offline", node.connected(), node.registeredAt(),
                node.lastHeartbeat());
    }
}
