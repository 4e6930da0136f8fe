package dev.symbia.identity.vault;

import dev.symbia.auth.SymbiaPrincipal;
import dev.symbia.identity.audit.Actor;
import dev.symbia.identity.audit.AuditLog;
import dev.symbia.identity.config.RequestOrg;
import dev.symbia.identity.config.IdentityProperties;
import dev.symbia.web.problem.ProblemException;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.security.GeneralSecurityException;
import java.util.LinkedHashMap;
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
    private final dev.symbia.identity.org.OrgStore orgs;

    CredentialController(CredentialStore store, VaultCipher cipher, AuditLog audit, IdentityProperties properties,
            dev.symbia.identity.org.OrgStore orgs) {
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

    @Operation(summary = "Store a provider credential (the secret is never returned)")
    @PostMapping("/api/credentials")
    @ResponseStatus(HttpStatus.CREATED)
    Map<String, Object> create(SymbiaPrincipal principal, @Valid @RequestBody CreateCredentialRequest request) {
        requireUser(principal);
        UUID org = RequestOrg.require(principal);
        if (request.orgWide() && !principal.hasCapability(CONFIGURE)) {
            throw ProblemException.forbidden("Org-wide credentials need " + CONFIGURE + " (org admins).");
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
        return view(store.find(org, id).orElseThrow());
    }

    @Operation(summary = "Your credentials and the org-wide ones of the request's org (no secrets)")
    @GetMapping("/api/credentials")
    Map<String, Object> list(SymbiaPrincipal principal) {
        requireUser(principal);
        UUID org = RequestOrg.require(principal);
        return Map.of("credentials", store.visible(org, UUID.fromString(principal.id())).stream()
                .map(CredentialController::view).toList());
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
        if (!owner && !principal.hasCapability(CONFIGURE)) {
            throw ProblemException.forbidden("Only the owner or an org admin can delete this credential.");
        }
        store.delete(org, id);
        audit.record("credential.deleted", Actor.of(principal), org, "credential", id.toString());
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "Decrypted credential for a user (allowed services only): the user's own, else the org-wide one")
    @GetMapping("/api/internal/credentials/{userId}/{provider}")
    Map<String, Object> internalRead(SymbiaPrincipal principal, @PathVariable UUID userId, @PathVariable String provider,
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
                UUID org = orgs.forUser(userId).stream().findFirst().map(dev.symbia.identity.org.OrgStore.Org::id)
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
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("credentialId", row.id().toString());
        body.put("provider", row.provider());
        body.put("apiKey", secret);
        body.put("metadata", row.metadata());
        body.put("isOrgWide", row.orgWide());
        body.put("ownerId", row.userId().toString());
        body.put("orgId", row.orgId().toString());
        body.put("isProxy", row.orgWide() && !row.userId().equals(userId));
        return body;
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

    private static Map<String, Object> view(CredentialStore.CredentialRow row) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", row.id().toString());
        view.put("provider", row.provider());
        view.put("name", row.name());
        view.put("credentialPrefix", row.credentialPrefix());
        view.put("isOrgWide", row.orgWide());
        view.put("orgId", row.orgId().toString());
        view.put("ownerId", row.userId().toString());
        view.put("metadata", row.metadata());
        view.put("lastUsedAt", row.lastUsedAt());
        view.put("createdAt", row.createdAt());
        return view;
    }
}
