package dev.symbia.identity.account;

import dev.symbia.auth.SymbiaPrincipal;
import dev.symbia.identity.audit.Actor;
import dev.symbia.identity.audit.AuditLog;
import dev.symbia.identity.token.IssuedToken;
import dev.symbia.identity.token.TokenIssuer;
import dev.symbia.identity.user.UserStore;
import dev.symbia.web.body.RequestBodies;
import dev.symbia.web.problem.ProblemException;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /api/internal/acting-tokens}: a platform service that acts for a user on their word in a
 * conversation (the operator assistant) gets a five-minute token of that user in one org, carrying exactly the
 * capabilities the user holds there now. The service then calls other services' public APIs with it, so every
 * one of them checks the user's own rights: the service never acts with more. Only the services named here may
 * ask; a user who is not a member of the org is a 404.
 */
@RestController
class ActingTokenController {

    /** Services that act for users: assistants (its operator) and runtime (a graph's calls to connectors). */
    static final Set<String> CALLERS = Set.of("assistants", "runtime");
    static final Duration TTL = Duration.ofMinutes(5);

    private final UserStore users;
    private final TokenIssuer issuer;
    private final AuditLog audit;
    private final RequestBodies bodies;

    ActingTokenController(UserStore users, TokenIssuer issuer, AuditLog audit, RequestBodies bodies) {
        this.users = users;
        this.issuer = issuer;
        this.audit = audit;
        this.bodies = bodies;
    }

    record ActingTokenRequest(@NotNull UUID userId, @NotNull UUID orgId) {
    }

    record ActingTokenView(String token, String tokenType, long expiresIn, String expiresAt) {
    }

    @Operation(summary = "A short-lived token of a user in one org, for a service acting for them (assistants and runtime only)")
    @PostMapping("/api/internal/acting-tokens")
    ActingTokenView issue(SymbiaPrincipal caller, @RequestBody(required = false) JsonNode body) {
        if (!caller.isService() || !CALLERS.contains(caller.id())) {
            throw ProblemException.forbidden("Only the assistants and runtime services may act for users.");
        }
        ActingTokenRequest request = bodies.read(body, ActingTokenRequest.class);
        var user = users.snapshot(request.userId()).filter(u -> u.roleIn(request.orgId()) != null)
                .orElseThrow(() -> ProblemException.notFound("Member"));
        IssuedToken token = issuer.actingFor(user, request.orgId(), TTL);
        audit.record("acting_token.issued", Actor.service(caller.id()), request.orgId(), "user",
                request.userId().toString());
        return new ActingTokenView(token.token(), "Bearer", token.expiresIn(), token.expiresAt().toString());
    }
}
