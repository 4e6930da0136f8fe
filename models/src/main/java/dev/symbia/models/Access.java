package dev.symbia.models;

import dev.symbia.auth.SymbiaPrincipal;
import dev.symbia.web.problem.ProblemException;

/**
 * Who may do what here. Platform services (integrations' {@code local} provider) always may; people and agents
 * need the capabilities their org role gives for the matching integrations operations, since local models are one
 * more provider of the platform.
 */
public final class Access {

    /** Listing models. */
    public static final String READ = "cap:integrations.read";
    /** Running inference. */
    public static final String EXECUTE = "cap:integrations.execute";
    /** Rescanning the directory, loading and unloading: these change what every user of the service sees. */
    public static final String ADMIN = "cap:integrations.admin";

    private Access() {
    }

    public static void require(SymbiaPrincipal principal, String capability) {
        if (principal.isService() || principal.hasCapability(capability)) {
            return;
        }
        throw ProblemException.forbidden("This needs the capability " + capability + ".");
    }
}
