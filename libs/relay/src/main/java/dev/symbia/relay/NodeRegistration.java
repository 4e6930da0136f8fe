package dev.symbia.relay;

import java.util.List;
import java.util.Map;

/**
 * What a node tells the network about itself when it registers.
 *
 * @param id           node id; a service uses its {@code spring.application.name}
 * @param name         display name
 * @param type         service, assistant, sandbox, bridge or client
 * @param capabilities what the node can do, free-form strings
 * @param endpoint     HTTP URL the network may POST envelopes to when no socket is live (may be null)
 * @param metadata     free-form facts (version, start time)
 */
public record NodeRegistration(String id, String name, String type, List<String> capabilities, String endpoint,
        Map<String, Object> metadata) {

    public NodeRegistration {
        capabilities = capabilities == null ? List.of() : List.copyOf(capabilities);
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }
}
