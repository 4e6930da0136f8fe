package dev.symbia.messaging.live;

import dev.symbia.auth.SymbiaPrincipal;

/**
 * How a principal appears in {@code participants}: users by id, agents by their public id
 * ({@code assistant:coordinator}); services are never participants.
 */
record Participant(String id, String type) {

    static Participant of(SymbiaPrincipal principal) {
        if (principal.isAgent()) {
            return new Participant(principal.agentId() != null ? principal.agentId() : principal.id(), "agent");
        }
        return new Participant(principal.id(), principal.isService() ? "service" : "user");
    }
}
