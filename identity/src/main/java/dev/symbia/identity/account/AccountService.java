package dev.symbia.identity.account;

import dev.symbia.identity.audit.Actor;
import dev.symbia.identity.audit.AuditLog;
import dev.symbia.identity.config.IdentityProperties;
import dev.symbia.identity.crypto.Hashes;
import dev.symbia.identity.crypto.Passwords;
import dev.symbia.identity.org.OrgStore;
import dev.symbia.identity.ratelimit.RateLimiter;
import dev.symbia.identity.token.IssuedToken;
import dev.symbia.identity.token.RefreshTokens;
import dev.symbia.identity.token.TokenIssuer;
import dev.symbia.identity.token.UserSnapshot;
import dev.symbia.identity.user.UserStore;
import dev.symbia.web.problem.ProblemException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/** Registration, login, sessions and passwords (SPEC §3). */
@Service
public class AccountService {

    static final String BAD_CREDENTIALS = "Invalid email or password";

    private final UserStore users;
    private final OrgStore orgs;
    private final TokenIssuer issuer;
    private final RefreshTokens refreshTokens;
    private final BCryptPasswordEncoder encoder;
    private final AuditLog audit;
    private final RateLimiter limiter;
    private final IdentityProperties properties;
    private final TransactionTemplate transactions;
    private final JdbcClient jdbc;
    private final Clock clock;
    private final ResetMailer mailer;
    /** A real bcrypt hash of nothing anyone knows: unknown emails cost the same bcrypt work as known ones. */
    private final String dummyHash;

    AccountService(UserStore users, OrgStore orgs, TokenIssuer issuer, RefreshTokens refreshTokens,
            BCryptPasswordEncoder encoder, AuditLog audit, RateLimiter limiter, IdentityProperties properties,
            TransactionTemplate transactions, JdbcClient jdbc, Clock clock, ResetMailer mailer) {
        this.users = users;
        this.orgs = orgs;
        this.issuer = issuer;
        this.refreshTokens = refreshTokens;
        this.encoder = encoder;
        this.audit = audit;
        this.limiter = limiter;
        this.properties = properties;
        this.transactions = transactions;
        this.jdbc = jdbc;
        this.clock = clock;
        this.mailer = mailer;
        this.dummyHash = encoder.encode(Hashes.randomHex(16));
    }

    /** A signed-in user: access token, refresh token and what was read to make them. */
    public record Session(UserSnapshot user, IssuedToken access, String refreshToken) {
    }

    record Registered(Session session, OrgStore.Org organization) {
    }

    Registered register(AccountWire.RegisterRequest request, String ip) {
        limiter.hit("register:ip:" + ip, properties.limits().registerPerIp(), properties.limits().window());
        Passwords.requireHashable("password", request.password());
        String hash = encoder.encode(request.password());
        String orgName = request.orgName() == null || request.orgName().isBlank() ? null : request.orgName().trim();
        record Created(UserStore.UserRow user, OrgStore.Org org) {
        }
        Created created;
        try {
            created = transactions.execute(tx -> {
                users.lockAccountCreation();
                if (users.findByEmail(request.email()).isPresent()) {
                    throw ProblemException.conflict("An account with this email already exists.");
                }
                // No super admin yet (and none from SYMBIA_ADMIN_EMAIL): the first user becomes one.
                boolean firstAdmin = !users.anySuperAdmin();
                UserStore.UserRow user = users.create(request.email(), request.name().trim(), hash, firstAdmin);
                OrgStore.Org org = orgName == null ? null : orgs.create(orgName, null, user.id());
                return new Created(user, org);
            });
        } catch (DuplicateKeyException e) {
            throw ProblemException.conflict("An account with this email already exists.");
        }
        UserStore.UserRow user = created.user();
        audit.record("user.registered", Actor.user(user.id()), created.org() == null ? null : created.org().id(),
                "user", user.id().toString());
        if (user.isSuperAdmin()) {
            audit.record("superadmin.created", Actor.user(user.id()), null, "user", user.id().toString(),
                    Map.of("via", "first-registration"));
        }
        if (created.org() != null) {
            audit.record("org.created", Actor.user(user.id()), created.org().id(), "org", created.org().id().toString());
        }
        return new Registered(startSession(user.id()), created.org());
    }

    Session login(String email, String password, String ip) {
        limiter.hit("login:ip:" + ip, properties.limits().loginPerIp(), properties.limits().window());
        String normalized = UserStore.normalizeEmail(email);
        String failures = "login:fail:" + normalized;
        limiter.requireBelow(failures, properties.limits().loginFailuresPerAccount(), properties.limits().failureWindow());
        Optional<UserStore.UserRow> user = users.findByEmail(normalized);
        // Always one bcrypt comparison, whether or not the account exists: no enumeration by timing.
        boolean matches = Passwords.matches(encoder, password, user.map(UserStore.UserRow::passwordHash).orElse(dummyHash));
        if (user.isEmpty() || !matches) {
            limiter.count(failures, properties.limits().failureWindow());
            audit.record("user.login_failed", user.map(u -> Actor.user(u.id())).orElse(Actor.anonymous()), null,
                    "user", user.map(u -> u.id().toString()).orElse(null));
            throw ProblemException.unauthenticated(BAD_CREDENTIALS);
        }
        limiter.reset(failures);
        audit.record("user.login", Actor.user(user.get().id()), null, "user", user.get().id().toString());
        return startSession(user.get().id());
    }

    public Session startSession(UUID userId) {
        UserSnapshot snapshot = users.snapshot(userId).orElseThrow();
        return new Session(snapshot, issuer.forUser(snapshot), refreshTokens.issue(userId));
    }

    Session refresh(String refreshToken) {
        RefreshTokens.Rotated rotated = refreshTokens.rotate(refreshToken);
        UserSnapshot snapshot = users.snapshot(rotated.userId())
                .orElseThrow(() -> ProblemException.unauthenticated("The account no longer exists."));
        return new Session(snapshot, issuer.forUser(snapshot), rotated.refreshToken());
    }

    void logout(String refreshToken) {
        refreshTokens.revokeFamilyOf(refreshToken);
    }

    void changePassword(UUID userId, String current, String next) {
        String failures = "password:fail:" + userId;
        limiter.requireBelow(failures, properties.limits().loginFailuresPerAccount(), properties.limits().failureWindow());
        Passwords.requireHashable("newPassword", next);
        UserStore.UserRow user = users.findById(userId).orElseThrow(() -> ProblemException.notFound("User"));
        if (!Passwords.matches(encoder, current, user.passwordHash())) {
            limiter.count(failures, properties.limits().failureWindow());
            throw ProblemException.forbidden("The current password is not correct.");
        }
        limiter.reset(failures);
        users.updatePassword(userId, encoder.encode(next));
        refreshTokens.revokeAllFor(userId);
        audit.record("user.password_changed", Actor.user(userId), null, "user", userId.toString());
    }

    /** Creates a single-use reset token (stored hashed) and sends it; the caller learns nothing either way. */
    void forgotPassword(String email, String ip) {
        limiter.hit("reset:ip:" + ip, properties.limits().resetPerIp(), properties.limits().window());
        String normalized = UserStore.normalizeEmail(email);
        limiter.hit("reset:account:" + normalized, properties.limits().resetPerAccount(), properties.limits().failureWindow());
        users.findByEmail(normalized).ifPresent(user -> {
            String token = Hashes.randomHex(32);
            jdbc.sql("""
                    INSERT INTO password_reset_tokens (id, user_id, token_hash, expires_at)
                    VALUES (:id, :user, :hash, :expires)
                    """)
                    .param("id", UUID.randomUUID()).param("user", user.id()).param("hash", Hashes.sha256(token))
                    .param("expires", OffsetDateTime.ofInstant(clock.instant().plus(properties.passwordResetTtl()), ZoneOffset.UTC))
                    .update();
            audit.record("user.forgot_password", Actor.user(user.id()), null, "user", user.id().toString());
            mailer.send(user.email(), properties.resetUrl() + "?token=" + token);
        });
    }

    void resetPassword(String token, String password, String ip) {
        limiter.hit("reset:ip:" + ip, properties.limits().resetPerIp(), properties.limits().window());
        Passwords.requireHashable("password", password);
        String hash = encoder.encode(password);
        UUID userId = transactions.execute(tx -> jdbc.sql("""
                        UPDATE password_reset_tokens SET used_at = now()
                        WHERE token_hash = :hash AND used_at IS NULL AND expires_at > :now
                        RETURNING user_id
                        """)
                .param("hash", Hashes.sha256(token))
                .param("now", OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC))
                .query(UUID.class).optional().orElse(null));
        if (userId == null) {
            throw ProblemException.badRequest("The reset token is invalid, used or expired.");
        }
        users.updatePassword(userId, hash);
        refreshTokens.revokeAllFor(userId);
        limiter.reset("login:fail:" + users.findById(userId).map(UserStore.UserRow::email).orElse(""));
        audit.record("user.password_reset", Actor.user(userId), null, "user", userId.toString());
    }

    boolean mailEnabled() {
        return mailer.deliversMail();
    }
}
