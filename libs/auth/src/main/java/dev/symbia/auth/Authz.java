package dev.symbia.auth;

import dev.symbia.core.ProblemTypes;
import dev.symbia.web.problem.ProblemException;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/** Programmatic checks, for when the capability depends on the request (use the annotation otherwise). */
public final class Authz {

    private Authz() {
    }

    /** The authenticated principal of the current request, if any. */
    public static Optional<SymbiaPrincipal> current() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication instanceof SymbiaAuthentication symbia) {
            return Optional.of(symbia.getPrincipal());
        }
        return Optional.empty();
    }

    /** The current principal, or a 401 problem. */
    public static SymbiaPrincipal principal() {
        return current().orElseThrow(() -> ProblemException.unauthenticated("Authentication is required."));
    }

    /** The current principal if it holds every capability; 401 or 403 otherwise. */
    public static SymbiaPrincipal require(String... capabilities) {
        SymbiaPrincipal principal = principal();
        check(principal, capabilities);
        return principal;
    }

    public static void check(SymbiaPrincipal principal, String... capabilities) {
        for (String capability : capabilities) {
            if (!principal.hasCapability(capability)) {
                // The capability is named in the problem too, so a client can tell which grant it lacks.
                throw new ProblemException(HttpStatus.FORBIDDEN, ProblemTypes.FORBIDDEN, "Forbidden",
                        "Missing capability " + capability + ".", Map.of("requiredCapability", capability));
            }
        }
    }

    /**
     * Capabilities a principal hands on (to an API key, an agent): each must be well formed
     * ({@code cap:<area>.<action>}, else 400) and held by the grantor (else 403), so nobody grants
     * more than they hold. Returns them once each, in their order.
     */
    public static List<String> checkGrantable(SymbiaPrincipal grantor, Collection<String> capabilities) {
        List<String> distinct = List.copyOf(new LinkedHashSet<>(capabilities));
        for (String capability : distinct) {
            if (!Roles.isCapability(capability)) {
                throw ProblemException.badRequest("'" + capability + "' is not a capability (cap:<area>.<action>).");
            }
            if (!grantor.hasCapability(capability)) {
                throw ProblemException.forbidden("You cannot grant " + capability + ": you do not hold it.");
            }
        }
        return distinct;
    }

    /** The request's org; a 400 problem when the principal has none and named none. */
    public static String requireOrg(SymbiaPrincipal principal) {
        if (principal.orgId() == null) {
            throw ProblemException.badRequest("No organization: send X-Org-Id or join an organization first.");
        }
        return principal.orgId();
    }
}
