package dev.symbia.integrations.caller;

import dev.symbia.auth.Authz;
import dev.symbia.auth.SymbiaAuthProperties;
import dev.symbia.auth.SymbiaPrincipal;
import dev.symbia.core.ProblemTypes;
import dev.symbia.core.RequestIds;
import dev.symbia.web.problem.ProblemException;
import dev.symbia.web.request.RequestIdFilter;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Callers from the libs/auth principal. Public endpoints: the authenticated user, agent or API key,
 * in the org libs/auth resolved (its {@code X-Org-Id} when a member, else the credential's
 * default). Internal endpoints: an allow-listed service, acting for the user and org it names in
 * {@value #ACTING_USER_HEADER} / {@value #ORG_HEADER} — the service is trusted to have
 * authorised that user (README, "Internal contract").
 */
@Component
class PrincipalCallerResolver implements CallerResolver {

    // Ids are echoed into usage rows, logs and vault URLs: keep them short and boring.
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._:@-]{1,128}");

    private final Set<String> internalCallers;

    PrincipalCallerResolver(SymbiaAuthProperties auth) {
        // The same list the security chain admits to /api/internal/**; checked again here so a
        // changed filter chain can never let another principal act for users.
        this.internalCallers = Set.copyOf(auth.internalCallers());
    }

    @Override
    public Caller caller(HttpServletRequest request) {
        SymbiaPrincipal principal = Authz.principal();
        if (principal.isService()) {
            throw ProblemException.forbidden("Services call /api/internal/execute, naming the user they act for.");
        }
        if (principal.orgId() == null) {
            throw new ProblemException(HttpStatus.FORBIDDEN, ProblemTypes.FORBIDDEN, "No organization",
                    "The caller belongs to no organization: join one, or name one with X-Org-Id.");
        }
        return new Caller(principal.id(), principal.orgId(), requestId(request));
    }

    @Override
    public Caller actingFor(HttpServletRequest request) {
        SymbiaPrincipal principal = Authz.principal();
        if (!principal.isService() || !internalCallers.contains(principal.id())) {
            throw ProblemException.forbidden("Internal endpoints accept only service tokens of allowed callers.");
        }
        return new Caller(header(request, ACTING_USER_HEADER), header(request, ORG_HEADER), requestId(request));
    }

    private static String header(HttpServletRequest request, String name) {
        String value = request.getHeader(name);
        if (value == null || value.isBlank()) {
            throw invalid(name, "is required when acting for a user");
        }
        value = value.trim();
        if (!SAFE_ID.matcher(value).matches()) {
            throw invalid(name, "is not a valid id");
        }
        return value;
    }

    private static ProblemException invalid(String header, String message) {
        return new ProblemException(HttpStatus.BAD_REQUEST, ProblemTypes.VALIDATION, "Invalid request",
                "Header " + header + " " + message + ".",
                Map.of("errors", List.of(Map.of("field", header, "message", message))));
    }

    private static String requestId(HttpServletRequest request) {
        return request.getAttribute(RequestIdFilter.ATTRIBUTE) instanceof String id ? id : RequestIds.mint();
    }
}
