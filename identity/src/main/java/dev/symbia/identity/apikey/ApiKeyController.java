package dev.symbia.identity.apikey;

import dev.symbia.auth.AuthMethod;
import dev.symbia.auth.Roles;
import dev.symbia.auth.SymbiaPrincipal;
import dev.symbia.identity.audit.Actor;
import dev.symbia.identity.audit.AuditLog;
import dev.symbia.identity.config.RequestOrg;
import dev.symbia.web.problem.ProblemException;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/api-keys}: create (shown once), list, read, revoke, rotate, delete. Managed with a
 * user's own token only — a leaked key cannot mint more keys. Another user's key answers 404.
 */
@RestController
class ApiKeyController {

    private final ApiKeyService keys;
    private final ApiKeyStore store;
    private final AuditLog audit;

    ApiKeyController(ApiKeyService keys, ApiKeyStore store, AuditLog audit) {
        this.keys = keys;
        this.store = store;
        this.audit = audit;
    }

    record CreateKeyRequest(
            @NotBlank @Size(max = 100) String name,
            UUID orgId,
            @Size(max = 100) List<@NotBlank @Size(max = 100) String> scopes,
            OffsetDateTime expiresAt) {
    }

    @Operation(summary = "Create an API key (the key is shown only in this response)")
    @PostMapping({"/api/api-keys", "/api/auth/keys"})
    @ResponseStatus(HttpStatus.CREATED)
    Map<String, Object> create(SymbiaPrincipal principal, @Valid @RequestBody CreateKeyRequest request) {
        requireUserToken(principal);
        UUID org = request.orgId() != null ? request.orgId() : RequestOrg.require(principal);
        if (!principal.superAdmin() && !principal.isMemberOf(org.toString())) {
            throw ProblemException.notFound("Organization");
        }
        SymbiaPrincipal inOrg = principal.inOrg(org.toString());
        List<String> scopes = null;
        if (request.scopes() != null) {
            scopes = List.copyOf(new LinkedHashSet<>(request.scopes()));
            for (String scope : scopes) {
                if (!Roles.isCapability(scope)) {
                    throw ProblemException.badRequest("'" + scope + "' is not a capability (cap:<area>.<action>).");
                }
                if (!inOrg.hasCapability(scope)) {
                    throw ProblemException.forbidden("A key cannot have " + scope + ": you do not hold it in this organization.");
                }
            }
        }
        if (request.expiresAt() != null && !request.expiresAt().isAfter(OffsetDateTime.now())) {
            throw ProblemException.badRequest("expiresAt must be in the future.");
        }
        return issue(principal, org, request.name().trim(), scopes, request.expiresAt(), null, HttpStatus.CREATED);
    }

    @Operation(summary = "Your API keys (metadata only), or every key of an org you administer (orgId)")
    @GetMapping({"/api/api-keys", "/api/auth/keys"})
    Map<String, Object> list(SymbiaPrincipal principal, @RequestParam(required = false) UUID orgId) {
        requireUserToken(principal);
        List<ApiKeyStore.KeyRow> rows;
        if (orgId != null) {
            if (!principal.superAdmin() && !principal.isMemberOf(orgId.toString())) {
                throw ProblemException.notFound("Organization");
            }
            if (!principal.inOrg(orgId.toString()).isOrgAdmin()) {
                throw ProblemException.forbidden("Only org admins list every key of the organization.");
            }
            rows = store.byOrg(orgId);
        } else {
            rows = store.byCreator(UUID.fromString(principal.id()));
        }
        return Map.of("apiKeys", rows.stream().map(ApiKeyController::view).toList());
    }

    @Operation(summary = "One API key (metadata only)")
    @GetMapping({"/api/api-keys/{id}", "/api/auth/keys/{id}"})
    Map<String, Object> get(SymbiaPrincipal principal, @PathVariable UUID id) {
        return view(manageable(principal, id, false));
    }

    @Operation(summary = "Revoke an API key (effective everywhere within 30 s)")
    @PostMapping({"/api/api-keys/{id}/revoke", "/api/auth/keys/{id}/revoke"})
    Map<String, Object> revoke(SymbiaPrincipal principal, @PathVariable UUID id) {
        ApiKeyStore.KeyRow row = manageable(principal, id, false);
        store.revoke(id);
        audit.record("api_key.revoked", Actor.of(principal), row.orgId(), "api_key", id.toString());
        return view(store.find(id).orElseThrow());
    }

    @Operation(summary = "Rotate an API key: revoke it and issue a new one with the same settings")
    @PostMapping({"/api/api-keys/{id}/rotate", "/api/auth/keys/{id}/rotate"})
    @Transactional
    Map<String, Object> rotate(SymbiaPrincipal principal, @PathVariable UUID id) {
        ApiKeyStore.KeyRow row = manageable(principal, id, true);
        if (row.revokedAt() != null) {
            throw ProblemException.conflict("A revoked key cannot be rotated.");
        }
        store.revoke(id);
        audit.record("api_key.rotated", Actor.of(principal), row.orgId(), "api_key", id.toString());
        return issue(principal, row.orgId(), row.name(), row.scopes(), row.expiresAt(), id, HttpStatus.OK);
    }

    @Operation(summary = "Delete an API key")
    @DeleteMapping({"/api/api-keys/{id}", "/api/auth/keys/{id}"})
    ResponseEntity<Void> delete(SymbiaPrincipal principal, @PathVariable UUID id) {
        ApiKeyStore.KeyRow row = manageable(principal, id, false);
        store.delete(id);
        audit.record("api_key.deleted", Actor.of(principal), row.orgId(), "api_key", id.toString());
        return ResponseEntity.noContent().build();
    }

    private Map<String, Object> issue(SymbiaPrincipal principal, UUID org, String name, List<String> scopes,
            OffsetDateTime expiresAt, UUID rotatedFrom, HttpStatus status) {
        ApiKeyService.NewKey key = keys.generate();
        UUID id = UUID.randomUUID();
        try {
            store.insert(id, org, UUID.fromString(principal.id()), name, key.hash(), key.prefix(), scopes, expiresAt,
                    rotatedFrom);
        } catch (org.springframework.dao.DataIntegrityViolationException e) {
            throw ProblemException.notFound("Organization");
        }
        audit.record("api_key.created", Actor.of(principal), org, "api_key", id.toString(),
                Map.of("name", name, "prefix", key.prefix()));
        Map<String, Object> body = view(store.find(id).orElseThrow());
        body.put("key", key.key());
        body.put("_warning", "Store this key now: it cannot be shown again.");
        return body;
    }

    /** The key if the caller may manage it (creator, super admin, or — except rotation — an admin of its org). */
    private ApiKeyStore.KeyRow manageable(SymbiaPrincipal principal, UUID id, boolean creatorOnly) {
        requireUserToken(principal);
        return store.find(id).filter(row -> {
            boolean creator = row.createdBy().toString().equals(principal.id());
            if (creatorOnly) {
                return creator;
            }
            boolean orgAdmin = principal.isMemberOf(row.orgId().toString())
                    && Roles.ADMIN.equals(principal.roleIn(row.orgId().toString()));
            return creator || principal.superAdmin() || orgAdmin;
        }).orElseThrow(() -> ProblemException.notFound("API key"));
    }

    private static void requireUserToken(SymbiaPrincipal principal) {
        if (!principal.isUser() || principal.method() != AuthMethod.ACCESS_TOKEN) {
            throw ProblemException.forbidden("API keys are managed with a signed-in user's token.");
        }
    }

    private static Map<String, Object> view(ApiKeyStore.KeyRow row) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", row.id().toString());
        view.put("name", row.name());
        view.put("keyPrefix", row.keyPrefix());
        view.put("orgId", row.orgId().toString());
        view.put("scopes", row.scopes());
        view.put("expiresAt", row.expiresAt());
        view.put("lastUsedAt", row.lastUsedAt());
        view.put("revokedAt", row.revokedAt());
        view.put("rotatedFrom", row.rotatedFrom() == null ? null : row.rotatedFrom().toString());
        view.put("createdBy", row.createdBy().toString());
        view.put("createdAt", row.createdAt());
        return view;
    }
}
