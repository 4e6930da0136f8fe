package dev.symbia.identity.config;

import dev.symbia.auth.Authz;
import dev.symbia.auth.SymbiaPrincipal;
import dev.symbia.web.problem.ProblemException;
import java.util.Optional;
import java.util.UUID;

/**
 * The request's org as a UUID. Members can only name their orgs (symbia-auth checks), but super
 * admins and services may name any, so a malformed {@code X-Org-Id} is a 400 here, never a 500.
 */
public final class RequestOrg {

    private RequestOrg() {
    }

    /** The request org; 400 when there is none or it is not a UUID. */
    public static UUID require(SymbiaPrincipal principal) {
        return parse(Authz.requireOrg(principal));
    }

    /** The request org if there is one; 400 when it is not a UUID. */
    public static Optional<UUID> of(SymbiaPrincipal principal) {
        return Optional.ofNullable(principal.orgId()).map(RequestOrg::parse);
    }

    private static UUID parse(String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("X-Org-Id must be an organization id (UUID).");
        }
    }
}
