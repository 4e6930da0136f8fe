package dev.symbia.identity.token;

import dev.symbia.core.ServiceCallers;
import dev.symbia.identity.audit.Actor;
import dev.symbia.identity.audit.AuditLog;
import dev.symbia.identity.config.IdentitySecrets;
import dev.symbia.identity.crypto.Hashes;
import dev.symbia.web.body.RequestBodies;
import dev.symbia.web.problem.ProblemException;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /api/auth/service-token}: one of the nine services, or the gateway, proves it knows
 * {@code INTERNAL_SERVICE_SECRET} (constant-time comparison) and gets a short-lived service JWT. The
 * gateway's token authenticates its telemetry exports; no internal-callers allow-list names it
 * ({@link ServiceCallers}).
 */
@RestController
class ServiceTokenController {

    private final IdentitySecrets secrets;
    private final TokenIssuer issuer;
    private final AuditLog audit;
    private final RequestBodies bodies;

    ServiceTokenController(IdentitySecrets secrets, TokenIssuer issuer, AuditLog audit, RequestBodies bodies) {
        this.bodies = bodies;
        this.secrets = secrets;
        this.issuer = issuer;
        this.audit = audit;
    }

    record ServiceTokenRequest(@NotBlank @Size(max = 50) String serviceId, @NotBlank @Size(max = 500) String secret) {
    }

    record ServiceToken(String token, String tokenType, long expiresIn, String expiresAt) {
    }

    @Operation(summary = "Exchange a service id and INTERNAL_SERVICE_SECRET for a service token")
    @PostMapping("/api/auth/service-token")
    ServiceToken serviceToken(@RequestBody JsonNode body) {
        ServiceTokenRequest request = bodies.read(body, ServiceTokenRequest.class);
        String expected = secrets.internalServiceSecret().orElseThrow(() -> new ProblemException(
                HttpStatus.SERVICE_UNAVAILABLE, "unavailable", "Service tokens unavailable",
                "INTERNAL_SERVICE_SECRET is not configured on identity."));
        // Compare first, whatever the service id, so timing says nothing about which part was wrong.
        boolean secretOk = Hashes.constantTimeEquals(request.secret(), expected);
        boolean knownService = ServiceCallers.isKnown(request.serviceId());
        if (!secretOk || !knownService) {
            audit.record("service_token.denied", Actor.anonymous(), null, "service",
                    knownService ? request.serviceId() : null);
            throw ProblemException.unauthenticated("Unknown service or wrong secret.");
        }
        IssuedToken token = issuer.forService(request.serviceId());
        return new ServiceToken(token.token(), "Bearer", token.expiresIn(), token.expiresAt().toString());
    }
}
