package dev.symbia.identity.vault;

import dev.symbia.auth.Authz;
import dev.symbia.auth.SymbiaPrincipal;
import dev.symbia.identity.audit.Actor;
import dev.symbia.identity.audit.AuditLog;
import dev.symbia.identity.config.IdentityProperties;
import dev.symbia.identity.config.RequestOrg;
import dev.symbia.identity.org.OrgStore;
import dev.symbia.web.body.RequestBodies;
import dev.symbia.web.problem.ProblemException;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.security.GeneralSecurityException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
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
 * The credential vault. Public endpoints never return a secret, only a short prefix; the internal
 * endpoint decrypts for allowed services (service token + allow-list, enforced by symbia-auth and
 * again here) and audits every read.
 */
@RestController
class CredentialController {

    static final String CONFIGURE = "cap:integrations.configure";
    private static final Logger log = LoggerFactory.getLogger(CredentialController.class);

    private final CredentialStore store;
    private final VaultCipher cipher;
    private final AuditLog audit;
    private final IdentityProperties properties;
    private final OrgStore orgs;
    private final RequestBodies bodies;

    CredentialController(CredentialStore store, VaultCipher cipher, AuditLog audit, IdentityProperties properties,
            OrgStore orgs, RequestBodies bodies) {
        this.bodies = bodies;
        this.store = store;
        this.cipher = cipher;
        this.audit = audit;
        this.properties = properties;
        this.orgs = orgs;
    }

    record CreateCredentialRequest(
            @NotBlank @Pattern(regexp = "^[a-z0-9][a-z0-9_.-]{0,49}$") String provider,
            @NotBlank @Size(max = 100) String name,
            // Sent as an HTTP header value by integrations: a line break, control character or non-ASCII
            // letter there makes every call with it fail, so such a key is refused when stored.
            @NotBlank @Size(max = 10_000) @Pattern(regexp = "[\\x21-\\x7E]+",
                    message = "must be visible ASCII characters only (no spaces, line breaks or other characters a header cannot carry)") String apiKey,
            Boolean isOrgWide,
            Map<String, Object> metadata) {

        boolean orgWide() {
            return Boolean.TRUE.equals(isOrgWide);
        }
    }

    /** A credential as its users see it: a short prefix, never the secret. */
    record CredentialView(String id, String provider, String name, String credentialPrefix, boolean isOrgWide,
            String orgId, String ownerId, Map<String, Object> metadata, OffsetDateTime lastUsedAt,
            OffsetDateTime createdAt) {

        static CredentialView of(CredentialStore.CredentialRow row) {
            return new CredentialView(row.id().toString(), row.provider(), row.name(), row.credentialPrefix(),
                    row.orgWide(), row.orgId().toString(), row.userId().toString(), row.metadata(), row.lastUsedAt(),
                    row.createdAt());
        }
    }

    record CredentialList(List<CredentialView> credentials) {
    }

    /** The decrypted credential, for allowed services only. */
    record Secret(String credentialId, String provider, String apiKey, Map<String, Object> metadata, boolean isOrgWide,
            String ownerId, String orgId, boolean isProxy) {
    }

    @Operation(summary = "Store a provider credential (the secret is never returned)")
    @PostMapping("/api/credentials")
    @ResponseStatus(HttpStatus.CREATED)
    CredentialView create(SymbiaPrincipal principal, @RequestBody JsonNode body) {
        CreateCredentialRequest request = bodies.read(body, CreateCredentialRequest.class);
        requireUser(principal);
        UUID org = RequestOrg.require(principal);
        if (request.orgWide()) {
            Authz.check(principal, CONFIGURE); // org admins
        }
        if (!request.orgWide() && !principal.superAdmin() && "viewer".equals(principal.roleIn(principal.orgId()))) {
            throw ProblemException.forbidden("Viewers cannot store credentials.");
        }
        UUID id = UUID.randomUUID();
        Map<String, Object> metadata = request.metadata() == null ? Map.of() : request.metadata();
        try {
            store.insert(id, org, UUID.fromString(principal.id()), request.provider(), request.name().trim(),
                    cipher.seal(id, request.apiKey()), prefix(request.apiKey()), request.orgWide(), metadata);
        } catch (DataIntegrityViolationException e) {
            throw ProblemException.notFound("Organization"); // a super admin named an org that does not exist
        }
        audit.record("credential.created", Actor.of(principal), org, "credential", id.toString(),
                Map.of("provider", request.provider(), "orgWide", request.orgWide()));
        return CredentialView.of(store.find(org, id).orElseThrow());
    }

    @Operation(summary = "Your credentials and the org-wide ones of the request's org (no secrets)")
    @GetMapping("/api/credentials")
    CredentialList list(SymbiaPrincipal principal) {
        requireUser(principal);
        UUID org = RequestOrg.require(principal);
        return new CredentialList(store.visible(org, UUID.fromString(principal.id())).stream()
                .map(CredentialView::of).toList());
    }

    @Operation(summary = "Delete a credential (its owner, or an org admin for org-wide ones)")
    @DeleteMapping("/api/credentials/{id}")
    ResponseEntity<Void> delete(SymbiaPrincipal principal, @PathVariable UUID id) {
        requireUser(principal);
        UUID org = RequestOrg.require(principal);
        CredentialStore.CredentialRow row = store.find(org, id)
                .filter(r -> r.userId().toString().equals(principal.id()) || r.orgWide())
                .orElseThrow(() -> ProblemException.notFound("Credential"));
        boolean owner = row.userId().toString().equals(principal.id());
        if (!owner) {
            Authz.check(principal, CONFIGURE); // org admins delete org-wide credentials
        }
        store.delete(org, id);
        audit.record("credential.deleted", Actor.of(principal), org, "credential", id.toString());
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "Decrypted credential for a user (allowed services only): the user's own, else the org-wide one")
    @GetMapping("/api/internal/credentials/{userId}/{provider}")
    Secret internalRead(SymbiaPrincipal principal, @PathVariable UUID userId, @PathVariable String provider,
            @RequestParam(required = false) UUID orgId) {
        // symbia-auth already admits only allowed service tokens here; checked again so a config slip cannot open it.
        if (!principal.isService() || !properties.vaultReaders().contains(principal.id())) {
            throw ProblemException.forbidden("Only allowed services can read credentials.");
        }
        Optional<CredentialStore.CredentialRow> found;
        if (orgId != null) {
            found = store.forCall(userId, provider, orgId); // one query: it runs before every provider call
        } else {
            found = store.personal(userId, provider);
            if (found.isEmpty()) {
                UUID org = orgs.forUser(userId).stream().findFirst().map(OrgStore.Org::id)
                        .orElse(null);
                found = org == null ? Optional.empty() : store.orgWide(org, provider);
            }
        }
        CredentialStore.CredentialRow row = found.orElseThrow(() -> ProblemException.notFound("Credential"));
        String secret;
        try {
            secret = cipher.open(row.id(), row.secretEnc());
        } catch (GeneralSecurityException e) {
            log.error("Credential {} failed to decrypt (wrong CREDENTIAL_ENCRYPTION_KEY or tampered row)", row.id());
            throw new ProblemException(HttpStatus.INTERNAL_SERVER_ERROR, "internal", "Credential unreadable",
                    "The credential could not be decrypted.");
        }
        store.touch(row.id());
        audit.record("credential.read", Actor.service(principal.id()), row.orgId(), "credential", row.id().toString(),
                Map.of("userId", userId.toString(), "provider", provider, "orgWide", row.orgWide()));
        return new Secret(row.id().toString(), row.provider(), secret, row.metadata(), row.orgWide(),
                row.userId().toString(), row.orgId().toString(), row.orgWide() && !row.userId().equals(userId));
    }

    /** A few leading characters to recognise a key by; never more than a quarter of it. */
    static String prefix(String secret) {
        int shown = Math.min(6, secret.length() / 4);
        return secret.substring(0, shown) + "…";
    }

    private static void requireUser(SymbiaPrincipal principal) {
        if (!principal.isUser()) {
            throw ProblemException.forbidden("Only users have credentials.");
        }
    }
}
