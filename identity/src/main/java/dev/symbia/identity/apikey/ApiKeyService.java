package dev.symbia.identity.apikey;

import dev.symbia.auth.ApiKeyVerifier;
import dev.symbia.auth.AuthMethod;
import dev.symbia.auth.PrincipalType;
import dev.symbia.auth.SymbiaPrincipal;
import dev.symbia.identity.audit.Actor;
import dev.symbia.identity.audit.AuditLog;
import dev.symbia.identity.config.IdentitySecrets;
import dev.symbia.identity.crypto.Hashes;
import dev.symbia.identity.token.UserSnapshot;
import dev.symbia.identity.user.UserStore;
import dev.symbia.web.problem.ProblemException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * API keys ({@code sk_} + 64 hex): made, hashed with HMAC-SHA256 under a key derived from
 * {@code SESSION_SECRET}, and resolved to the principal they act as. A key acts as its creator in
 * its org, with its scopes intersected with what the creator holds there <em>now</em> — so a key
 * never exceeds its creator, even after the creator is demoted — and never as a super admin.
 */
@Service
public class ApiKeyService implements ApiKeyVerifier {

    static final String PREFIX = "sk_";

    private final ApiKeyStore store;
    private final UserStore users;
    private final byte[] hmacKey;
    private final Clock clock;
    private final AuditLog audit;

    ApiKeyService(ApiKeyStore store, UserStore users, IdentitySecrets secrets, Clock clock, AuditLog audit) {
        this.store = store;
        this.users = users;
        this.audit = audit;
        this.hmacKey = secrets.derive("api-key-hmac");
        this.clock = clock;
    }

    record NewKey(String key, String prefix, String hash) {
    }

    NewKey generate() {
        String key = PREFIX + Hashes.randomHex(32);
        return new NewKey(key, key.substring(0, 11), hash(key));
    }

    /** A stored key and its secret, which is shown once. */
    record Issued(ApiKeyStore.KeyRow row, String key) {
    }

    /** Makes and stores a key of {@code creator} in {@code org}; 404 when the org does not exist. */
    Issued issue(Actor actor, UUID creator, UUID org, String name, List<String> scopes, OffsetDateTime expiresAt,
            UUID rotatedFrom) {
        NewKey key = generate();
        UUID id = UUID.randomUUID();
        try {
            store.insert(id, org, creator, name, key.hash(), key.prefix(), scopes, expiresAt, rotatedFrom);
        } catch (DataIntegrityViolationException e) {
            throw ProblemException.notFound("Organization");
        }
        audit.record("api_key.created", actor, org, "api_key", id.toString(), Map.of("name", name, "prefix", key.prefix()));
        return new Issued(store.find(id).orElseThrow(), key.key());
    }

    /** Revokes a key and issues its successor with the same settings, both or neither. */
    @Transactional
    Issued rotate(Actor actor, ApiKeyStore.KeyRow row) {
        store.revoke(row.id());
        audit.record("api_key.rotated", actor, row.orgId(), "api_key", row.id().toString());
        return issue(actor, row.createdBy(), row.orgId(), row.name(), row.scopes(), row.expiresAt(), row.id());
    }

    String hash(String key) {
        return Hashes.hmacSha256(hmacKey, key);
    }

    /** A verified key and the principal it acts as. */
    public record Resolved(UUID keyId, SymbiaPrincipal principal, OffsetDateTime expiresAt, OffsetDateTime createdAt,
            List<String> scopes) {
    }

    public Optional<Resolved> resolve(String key) {
        if (key == null || !key.matches("sk_[0-9a-f]{64}")) {
            return Optional.empty();
        }
        Optional<ApiKeyStore.KeyRow> found = store.findByHash(hash(key));
        if (found.isEmpty()) {
            return Optional.empty();
        }
        ApiKeyStore.KeyRow row = found.get();
        OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), java.time.ZoneOffset.UTC);
        if (row.revokedAt() != null || (row.expiresAt() != null && !now.isBefore(row.expiresAt()))) {
            return Optional.empty();
        }
        Optional<UserSnapshot> creator = users.snapshot(row.createdBy());
        if (creator.isEmpty()) {
            return Optional.empty();
        }
        UserSnapshot user = creator.get();
        String role = user.roleIn(row.orgId());
        if (role == null && !user.superAdmin()) {
            return Optional.empty(); // the creator left the org: the key goes with them
        }
        Set<String> held = user.capsIn(row.orgId());
        Set<String> caps = new LinkedHashSet<>();
        if (row.scopes() == null) {
            caps.addAll(held);
        } else {
            row.scopes().stream().filter(scope -> user.superAdmin() || held.contains(scope)).forEach(caps::add);
        }
        store.touch(row.id());
        SymbiaPrincipal principal = new SymbiaPrincipal(PrincipalType.USER, user.id().toString(), row.orgId().toString(),
                role == null ? Map.of() : Map.of(row.orgId().toString(), role), caps, false, user.email(), user.name(),
                null, AuthMethod.API_KEY, row.id().toString(), null);
        return Optional.of(new Resolved(row.id(), principal, row.expiresAt(), row.createdAt(), row.scopes()));
    }

    /** Identity verifies keys in-process (no HTTP to itself). */
    @Override
    public Optional<SymbiaPrincipal> verify(String apiKey) {
        return resolve(apiKey).map(Resolved::principal);
    }
}
