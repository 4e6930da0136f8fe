package dev.symbia.network.registry;

import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * A registered node as stored. {@code owner} is the principal allowed to publish as this node; {@code subscriptions}
 * the event-type patterns it consumes (null: not declared, it receives every broadcast).
 */
public record Node(String id, String name, String type, List<String> capabilities, String endpoint, JsonNode metadata,
        List<String> subscriptions, String owner, boolean online, String connectionId, Instant registeredAt,
        Instant lastHeartbeat) {

    public static final List<String> TYPES = List.of("service", "assistant", "sandbox", "bridge", "client");

    public boolean connected() {
        return connectionId != null;
    }
}
