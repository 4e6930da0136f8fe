package dev.symbia.network.security;

import dev.symbia.auth.PrincipalType;
import dev.symbia.auth.SymbiaPrincipal;

/**
 * How the network names a libs/auth principal in its rows and logs: node owners, the creators of contracts and
 * policies, rejection records. The strings ({@code service:messaging}, {@code agent:assistant:onboarding},
 * {@code user:<id>}) are stored in the database, so they never change.
 */
public final class Principals {

    private Principals() {
    }

    /** The id the network knows the principal by: an agent's public id (the id its node registers as), else its id. */
    public static String id(SymbiaPrincipal principal) {
        return principal.isAgent() && principal.agentId() != null && !principal.agentId().isBlank()
                ? principal.agentId() : principal.id();
    }

    /** The principal as one string, e.g. {@code service:messaging}. */
    public static String key(SymbiaPrincipal principal) {
        return key(principal.type(), id(principal));
    }

    public static String key(PrincipalType type, String id) {
        return type.wire() + ":" + id;
    }
}
