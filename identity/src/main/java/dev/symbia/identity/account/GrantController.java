package dev.symbia.identity.account;

import dev.symbia.auth.Roles;
import dev.symbia.auth.SymbiaPrincipal;
import dev.symbia.identity.audit.Actor;
import dev.symbia.identity.audit.AuditLog;
import dev.symbia.web.problem.ProblemException;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Explicit, org-independent grants ({@code cap:…} or platform roles like {@code role:publisher}); super admins only. */
@RestController
class GrantController {

    private final UserStore users;
    private final AuditLog audit;

    GrantController(UserStore users, AuditLog audit) {
        this.users = users;
        this.audit = audit;
    }

    record GrantRequest(@NotBlank @Size(max = 100) String grant) {
    }

    @Operation(summary = "A user's explicit grants (super admin)")
    @GetMapping("/api/admin/users/{userId}/grants")
    Map<String, Object> list(SymbiaPrincipal principal, @PathVariable UUID userId) {
        requireSuperAdmin(principal);
        users.findById(userId).orElseThrow(() -> ProblemException.notFound("User"));
        return Map.of("grants", users.grants(userId));
    }

    @Operation(summary = "Grant a capability or platform role to a user (super admin)")
    @PostMapping("/api/admin/users/{userId}/grants")
    Map<String, Object> grant(SymbiaPrincipal principal, @PathVariable UUID userId, @Valid @RequestBody GrantRequest request) {
        requireSuperAdmin(principal);
        String grant = request.grant().trim();
        if (!Roles.isCapability(grant) && !Roles.isPlatformRole(grant)) {
            throw ProblemException.badRequest("A grant is a capability (cap:<area>.<action>) or a platform role (role:publisher, …).");
        }
        users.findById(userId).orElseThrow(() -> ProblemException.notFound("User"));
        if (users.addGrant(userId, grant, UUID.fromString(principal.id()))) {
            audit.record("user.grant_added", Actor.of(principal), null, "user", userId.toString(), Map.of("grant", grant));
        }
        return Map.of("grants", users.grants(userId));
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
