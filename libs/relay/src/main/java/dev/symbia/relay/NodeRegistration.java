package dev.symbia.relay;

import java.util.List;
import java.util.Map;

/**
 * What a node tells the network about itself when it registers.
 *
 * @param id            node id; a service uses its {@code spring.application.name}
 * @param name          display name
 * @param type          service, assistant, sandbox, bridge or client
 * @param capabilities  what the node can do, free-form strings
 * @param endpoint      HTTP URL the network may POST envelopes to when no socket is live (may be null)
 * @param metadata      free-form facts (version, start time)
 * @param subscriptions the event-type patterns the node consumes ({@code *}, exact, {@code prefix.*}): a broadcast
 *                      (a contract to {@code *}) reaches only nodes whose patterns match its type. Null: not declared,
 *                      the node receives every broadcast (nodes that predate the field, tools that watch everything).
 */
public record NodeRegistration(String id, String name, String type, List<String> capabilities, String endpoint,
        Map<String, Object> metadata, List<String> subscriptions) {

    public NodeRegistration {
        capabilities = capabilities == null ? List.of() : List.copyOf(capabilities);
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
        subscriptions = subscriptions == null ? null : List.copyOf(subscriptions);
    }

    /** A node that declares no subscriptions (it receives every broadcast). */
    public NodeRegistration(String id, String name, String type, List<String> capabilities, String endpoint,
            Map<String, Object> metadata) {
        this(id, name, type, capabilities, endpoint, metadata, null);
    }

    /** The same node, declaring exactly {@code patterns}. */
    public NodeRegistration withSubscriptions(List<String> patterns) {
        return new NodeRegistration(id, name, type, capabilities, endpoint, metadata, patterns);
    }
}
