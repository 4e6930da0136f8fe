package dev.symbia.integrations.support;

import dev.symbia.auth.Caller;
import dev.symbia.auth.SymbiaAuthProperties;
import dev.symbia.auth.SymbiaPrincipal;
import dev.symbia.core.PlatformHeaders;
import dev.symbia.core.ProblemTypes;
import dev.symbia.web.problem.ProblemException;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;

/**
 * libs/auth's {@link Caller} as this service's endpoints resolve it. Public endpoints: {@link Caller#of}, except that
 * a user or agent in no org gets integrations' documented 403 "No organization" (a provider call is always billed to
 * an org). Internal endpoints: {@link Caller#actingFor} with the services admitted to {@code /api/internal/**}.
 */
public final class Callers {

    private Callers() {
    }

    public static Caller of(SymbiaPrincipal principal) {
        if (!principal.isService() && principal.orgId() == null) {
            throw new ProblemException(HttpStatus.FORBIDDEN, ProblemTypes.FORBIDDEN, "No organization",
                    "The caller belongs to no organization: join one, or name one with X-Org-Id.");
        }
        return Caller.of(principal);
    }

    /** A platform service acting for the user and org it names in the platform headers. */
    public static Caller actingFor(SymbiaPrincipal principal, SymbiaAuthProperties auth, HttpServletRequest request) {
        return Caller.actingFor(principal, auth.internalCallers(), request.getHeader(PlatformHeaders.ACTING_USER),
                request.getHeader(PlatformHeaders.ORG));
    }
}
