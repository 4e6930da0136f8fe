package dev.symbia.identity.apikey;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.symbia.auth.AuthMethod;
import dev.symbia.auth.Authz;
import dev.symbia.auth.SymbiaPrincipal;
import dev.symbia.identity.audit.Actor;
import dev.symbia.identity.audit.AuditLog;
import dev.symbia.identity.config.RequestOrg;
import dev.symbia.web.body.RequestBodies;
import dev.symbia.web.problem.ProblemException;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * {@code /api/api-keys}: create (shown once), list, read, revoke, rotate, delete. Managed with a
 * user's own token only — a leaked key cannot mint more keys. Another user's key answers 404.
 */
@RestController
class ApiKeyController {

    static final String MANAGE = "cap:apikeys.manage";

    private final ApiKeyService keys;
    private final ApiKeyStore store;
    private final AuditLog audit;
    private final RequestBodies bodies;

    ApiKeyController(ApiKeyService keys, ApiKeyStore store, AuditLog audit, RequestBodies bodies) {
        this.keys = keys;
        this.store = store;
        this.audit = audit;
        this.bodies = bodies;
    }

    record CreateKeyRequest(
            @NotBlank @Size(max = 100) String name,
            UUID orgId,
            // A list, never one string taken as a list of one: "scopes":"cap:a.b" is a mistake to point out.
            @JsonFormat(without = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
            @Size(max = 100) List<@NotBlank @Size(max = 100) String> scopes,
            OffsetDateTime expiresAt) {
    }

    /** A key's metadata: never its hash, and its secret only once, in {@link NewKeyView}. */
    record KeyView(String id, String name, String keyPrefix, String orgId, List<String> scopes, OffsetDateTime expiresAt,
            OffsetDateTime lastUsedAt, OffsetDateTime revokedAt, String rotatedFrom, String createdBy,
            OffsetDateTime createdAt) {

        static KeyView of(ApiKeyStore.KeyRow row) {
            return new KeyView(row.id().toString(), row.name(), row.keyPrefix(), row.orgId().toString(), row.scopes(),
                    row.expiresAt(), row.lastUsedAt(), row.revokedAt(),
                    row.rotatedFrom() == null ? null : row.rotatedFrom().toString(), row.createdBy().toString(),
                    row.createdAt());
        }
    }

    record NewKeyView(@JsonUnwrapped KeyView apiKey, String key, @JsonProperty("_warning") String warning) {
    }

    record KeyList(List<KeyView> apiKeys) {
    }

    @Operation(summary = "Create an API key (the key is shown only in this response)")
    @PostMapping({"/api/api-keys", "/api/auth/keys"})
    @ResponseStatus(HttpStatus.CREATED)
    NewKeyView create(SymbiaPrincipal principal, @RequestBody JsonNode body) {
        CreateKeyRequest request = bodies.read(body, CreateKeyRequest.class);
        requireUserToken(principal);
        UUID org = request.orgId() != null ? request.orgId() : RequestOrg.require(principal);
        if (!principal.superAdmin() && !principal.isMemberOf(org.toString())) {
            throw ProblemException.notFound("Organization");
        }
        // A key never holds more than its creator does in its org.
        List<String> scopes = request.scopes() == null ? null
                : Authz.checkGrantable(principal.inOrg(org.toString()), request.scopes());
        if (request.expiresAt() != null && !request.expiresAt().isAfter(OffsetDateTime.now())) {
            throw ProblemException.badRequest("expiresAt must be in the future.");
        }
        return shown(keys.issue(Actor.of(principal), UUID.fromString(principal.id()), org, request.name().trim(), scopes,
                request.expiresAt(), null));
    }

    @Operation(summary = "Your API keys (metadata only), or every key of an org you administer (orgId)")
    @GetMapping({"/api/api-keys", "/api/auth/keys"})
    KeyList list(SymbiaPrincipal principal, @RequestParam(required = false) UUID orgId) {
        requireUserToken(principal);
        List<ApiKeyStore.KeyRow> rows;
        if (orgId != null) {
            if (!principal.superAdmin() && !principal.isMemberOf(orgId.toString())) {
                throw ProblemException.notFound("Organization");
            }
            Authz.check(principal.inOrg(orgId.toString()), MANAGE); // org admins

            rows = store.byOrg(orgId);
        } else {
            rows = store.byCreator(UUID.fromString(principal.id()));
        }
        return new KeyList(rows.stream().map(KeyView::of).toList());
    }

    @Operation(summary = "One API key (metadata only)")
    @GetMapping({"/api/api-keys/{id}", "/api/auth/keys/{id}"})
    KeyView get(SymbiaPrincipal principal, @PathVariable UUID id) {
        return KeyView.of(manageable(principal, id, false));
    }

    @Operation(summary = "Revoke an API key (effective everywhere within 30 s)")
    @PostMapping({"/api/api-keys/{id}/revoke", "/api/auth/keys/{id}/revoke"})
    KeyView revoke(SymbiaPrincipal principal, @PathVariable UUID id) {
        ApiKeyStore.KeyRow row = manageable(principal, id, false);
        store.revoke(id);
        audit.record("api_key.revoked", Actor.of(principal), row.orgId(), "api_key", id.toString());
        return KeyView.of(store.find(id).orElseThrow());
    }

    @Operation(summary = "Rotate an API key: revoke it and issue a new one with the same settings")
    @PostMapping({"/api/api-keys/{id}/rotate", "/api/auth/keys/{id}/rotate"})
    NewKeyView rotate(SymbiaPrincipal principal, @PathVariable UUID id) {
        ApiKeyStore.KeyRow row = manageable(principal, id, true);
        if (row.revokedAt() != null) {
            throw ProblemException.conflict("A revoked key cannot be rotated.");
        }
        return shown(keys.rotate(Actor.of(principal), row));
    }

    @Operation(summary = "Delete an API key")
    @DeleteMapping({"/api/api-keys/{id}", "/api/auth/keys/{id}"})
    ResponseEntity<Void> delete(SymbiaPrincipal principal, @PathVariable UUID id) {
        ApiKeyStore.KeyRow row = manageable(principal, id, false);
        store.delete(id);
        audit.record("api_key.deleted", Actor.of(principal), row.orgId(), "api_key", id.toString());
        return ResponseEntity.noContent().build();
    }

    private static NewKeyView shown(ApiKeyService.Issued issued) {
        return new NewKeyView(KeyView.of(issued.row()), issued.key(), "Store this key now: it cannot be shown again.");
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
                    && principal.inOrg(row.orgId().toString()).hasCapability(MANAGE);
            return creator || principal.superAdmin() || orgAdmin;
        }).orElseThrow(() -> ProblemException.notFound("API key"));
    }

    private static void requireUserToken(SymbiaPrincipal principal) {
        if (!principal.isUser() || principal.method() != AuthMethod.ACCESS_TOKEN) {
            throw ProblemException.forbidden("API keys are managed with a signed-in user's token.");
        }
    }
}
