package dev.symbia.identity.token;

import dev.symbia.identity.audit.Actor;
import dev.symbia.identity.audit.AuditLog;
import dev.symbia.identity.config.IdentityProperties;
import dev.symbia.identity.crypto.Hashes;
import dev.symbia.web.problem.ProblemException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Opaque refresh tokens (SPEC §3): 30 days, stored as SHA-256 hashes, rotated on every use. A
 * family is everything descended from one login; presenting a token that was already used means it
 * was stolen (or replayed), so the whole family is revoked and the caller must log in again.
 */
@Component
public class RefreshTokens {

    private static final String PREFIX = "rt_";

    private final JdbcClient jdbc;
    private final Clock clock;
    private final IdentityProperties properties;
    private final AuditLog audit;

    RefreshTokens(JdbcClient jdbc, Clock clock, IdentityProperties properties, AuditLog audit) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.properties = properties;
        this.audit = audit;
    }

    /** Starts a new family (a login) and returns its first token. */
    public String issue(UUID userId) {
        return insert(userId, UUID.randomUUID());
    }

    /** Exchanges a refresh token for a new one of the same family; returns the user it belongs to. */
    @Transactional(noRollbackFor = ProblemException.class)
    public Rotated rotate(String raw) {
        if (raw == null || !raw.startsWith(PREFIX) || raw.length() > 200) {
            throw invalid();
        }
        Instant now = clock.instant();
        Optional<Row> row = jdbc.sql("""
                SELECT id, user_id, family_id, expires_at, used_at, revoked_at FROM refresh_tokens
                WHERE token_hash = :hash FOR UPDATE
                """)
                .param("hash", Hashes.sha256(raw))
                .query((rs, n) -> new Row(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                        rs.getObject(3, UUID.class), rs.getObject(4, OffsetDateTime.class).toInstant(),
                        rs.getObject(5, OffsetDateTime.class), rs.getObject(6, OffsetDateTime.class)))
                .optional();
        if (row.isEmpty()) {
            throw invalid();
        }
        Row token = row.get();
        if (token.usedAt() != null && token.revokedAt() == null) {
            revokeFamily(token.familyId());
            audit.record("refresh_token.reused", Actor.user(token.userId()), null, "user", token.userId().toString());
            throw invalid();
        }
        if (token.revokedAt() != null || !now.isBefore(token.expiresAt())) {
            throw invalid();
        }
        jdbc.sql("UPDATE refresh_tokens SET used_at = :now WHERE id = :id").param("now", at(now)).param("id", token.id()).update();
        return new Rotated(token.userId(), insert(token.userId(), token.familyId()));
    }

    /** Logout: revokes the family of this token, if it is one of ours. */
    public void revokeFamilyOf(String raw) {
        if (raw == null || !raw.startsWith(PREFIX)) {
            return;
        }
        jdbc.sql("SELECT family_id FROM refresh_tokens WHERE token_hash = :hash")
                .param("hash", Hashes.sha256(raw))
                .query(UUID.class).optional().ifPresent(this::revokeFamily);
    }

    /** Password change or reset: every session of the user ends. */
    public void revokeAllFor(UUID userId) {
        jdbc.sql("UPDATE refresh_tokens SET revoked_at = :now WHERE user_id = :user AND revoked_at IS NULL")
                .param("now", at(clock.instant())).param("user", userId).update();
    }

    /** Within {@link #rotate}'s transaction, which commits despite the 401 it then throws. */
    private void revokeFamily(UUID familyId) {
        jdbc.sql("UPDATE refresh_tokens SET revoked_at = :now WHERE family_id = :family AND revoked_at IS NULL")
                .param("now", at(clock.instant())).param("family", familyId).update();
    }

    private String insert(UUID userId, UUID familyId) {
        String raw = PREFIX + Hashes.randomHex(32);
        Instant now = clock.instant();
        jdbc.sql("""
                INSERT INTO refresh_tokens (id, user_id, family_id, token_hash, expires_at, created_at)
                VALUES (:id, :user, :family, :hash, :expires, :now)
                """)
                .param("id", UUID.randomUUID())
                .param("user", userId)
                .param("family", familyId)
                .param("hash", Hashes.sha256(raw))
                .param("expires", at(now.plus(properties.refreshTokenTtl())))
                .param("now", at(now))
                .update();
        return raw;
    }

    private static ProblemException invalid() {
        return ProblemException.unauthenticated("The refresh token is invalid, expired or revoked.");
    }

    private static OffsetDateTime at(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    public record Rotated(UUID userId, String refreshToken) {
    }

    private record Row(UUID id, UUID userId, UUID familyId, Instant expiresAt, OffsetDateTime usedAt,
            OffsetDateTime revokedAt) {
    }
}
