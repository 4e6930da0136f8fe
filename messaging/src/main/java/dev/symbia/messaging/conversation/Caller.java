package dev.symbia.messaging.conversation;

import dev.symbia.auth.Authz;
import dev.symbia.auth.SymbiaPrincipal;
import dev.symbia.web.problem.ProblemException;

/**
 * The principal of a REST request as a conversation participant: its org and the id it takes part
 * under. Agents take part under their public id ({@code assistant:coordinator}), which is stable
 * across their credentials, users under their user id.
 */
public record Caller(String orgId, String principalId, String principalType, SymbiaPrincipal principal) {

    public static Caller of(SymbiaPrincipal principal) {
        if (principal.isService()) {
            // Services act for users through the Java API of the chat stream, never as participants.
            throw ProblemException.forbidden("Services do not take part in conversations.");
        }
        String org = Authz.requireOrg(principal);
        if (principal.isAgent()) {
            String id = principal.agentId() != null && !principal.agentId().isBlank() ? principal.agentId() : principal.id();
            return new Caller(org, id, Participant.AGENT, principal);
        }
        return new Caller(org, principal.id(), Participant.USER, principal);
    }

    public boolean isAgent() {
        return Participant.AGENT.equals(principalType);
    }

    public boolean hasCapability(String capability) {
        return principal.hasCapability(capability);
    }
}
