package dev.symbia.identity.account;

import dev.symbia.auth.Roles;
import dev.symbia.auth.SymbiaPrincipal;
import dev.symbia.identity.audit.Actor;
import dev.symbia.identity.audit.AuditLog;
import dev.symbia.identity.user.UserStore;
import dev.symbia.web.body.RequestBodies;
import dev.symbia.web.problem.ProblemException;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** Explicit, org-independent grants ({@code cap:…} or platform roles like {@code role:publisher}); super admins only. */
@RestController
class GrantController {

    private final UserStore users;
    private final AuditLog audit;
    private final RequestBodies bodies;

    GrantController(UserStore users, AuditLog audit, RequestBodies bodies) {
        this.users = users;
        this.audit = audit;
        this.bodies = bodies;
    }

    record GrantRequest(@NotBlank @Size(max = 100) String grant) {
    }

    record GrantList(List<String> grants) {
    }

    @Operation(summary = "A user's explicit grants (super admin)")
    @GetMapping("/api/admin/users/{userId}/grants")
    GrantList list(SymbiaPrincipal principal, @PathVariable UUID userId) {
        requireSuperAdmin(principal);
        users.findById(userId).orElseThrow(() -> ProblemException.notFound("User"));
        return new GrantList(users.grants(userId));
    }

    @Operation(summary = "Grant a capability or platform role to a user (super admin)")
    @PostMapping("/api/admin/users/{userId}/grants")
    GrantList grant(SymbiaPrincipal principal, @PathVariable UUID userId, @RequestBody JsonNode body) {
        GrantRequest request = bodies.read(body, GrantRequest.class);
        requireSuperAdmin(principal);
        String grant = request.grant().trim();
        if (!Roles.isCapability(grant) && !Roles.isPlatformRole(grant)) {
            throw ProblemException.badRequest("A grant is a capability (cap:<area>.<action>) or a platform role (role:publisher, …).");
        }
        users.findById(userId).orElseThrow(() -> ProblemException.notFound("User"));
        if (users.addGrant(userId, grant, UUID.fromString(principal.id()))) {
            audit.record("user.grant_added", Actor.of(principal), null, "user", userId.toString(), Map.of("grant", grant));
        }
        return new GrantList(users.grants(userId));
    }

    @Operation(summary = "Remove a grant (super admin)")
    @DeleteMapping("/api/admin/users/{userId}/grants/{grant}")
    ResponseEntity<Void> revoke(SymbiaPrincipal principal, @PathVariable UUID userId, @PathVariable String grant) {
        requireSuperAdmin(principal);
        if (!users.removeGrant(userId, grant)) {
            throw ProblemException.notFound("Grant");
        }
        audit.record("user.grant_removed", Actor.of(principal), null, "user", userId.toString(), Map.of("grant", grant));
        return ResponseEntity.noContent().build();
    }

    private static void requireSuperAdmin(SymbiaPrincipal principal) {
        if (!principal.superAdmin()) {
            throw ProblemException.forbidden("Super admin only.");
        }
    }
}
