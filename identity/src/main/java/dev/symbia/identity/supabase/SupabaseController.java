package dev.symbia.identity.supabase;

import dev.symbia.auth.InvalidTokenException;
import dev.symbia.auth.RemoteJwks;
import dev.symbia.identity.account.AccountService;
import dev.symbia.identity.account.AccountWire;
import dev.symbia.identity.account.TokenCookie;
import dev.symbia.identity.audit.Actor;
import dev.symbia.identity.audit.AuditLog;
import dev.symbia.identity.config.IdentityProperties;
import dev.symbia.identity.crypto.Hashes;
import dev.symbia.identity.ratelimit.RateLimiter;
import dev.symbia.identity.user.UserStore;
import dev.symbia.web.body.RequestBodies;
import dev.symbia.web.problem.ProblemException;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import okhttp3.OkHttpClient;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /api/auth/supabase}: exchanges a Supabase Auth access token for platform tokens,
 * linking the Supabase user to the account with the same (verified) email or creating one.
 * Configured by {@code SUPABASE_URL} (JWKS) and/or {@code SUPABASE_JWT_SECRET} (HS256).
 */
@RestController
class SupabaseController {

    private final SupabaseTokenVerifier verifier;
    private final UserStore users;
    private final AccountService accounts;
    private final TokenCookie cookie;
    private final AuditLog audit;
    private final RateLimiter limiter;
    private final IdentityProperties properties;
    private final TransactionTemplate transactions;
    private final BCryptPasswordEncoder encoder;
    private final RequestBodies bodies;

    SupabaseController(Environment environment, @Qualifier("symbiaAuthHttpClient") OkHttpClient http, Clock clock,
            UserStore users, AccountService accounts, TokenCookie cookie, AuditLog audit, RateLimiter limiter,
            IdentityProperties properties, TransactionTemplate transactions, BCryptPasswordEncoder encoder,
            RequestBodies bodies) {
        this.bodies = bodies;
        String url = environment.getProperty("SUPABASE_URL", "").trim().replaceAll("/+$", "");
        String secret = environment.getProperty("SUPABASE_JWT_SECRET", "");
        RemoteJwks jwks = url.isEmpty() ? null : new RemoteJwks(http, url + "/auth/v1/.well-known/jwks.json",
                Duration.ofSeconds(10), Duration.ofMinutes(10), clock);
        this.verifier = url.isEmpty() && secret.isBlank() ? null : new SupabaseTokenVerifier(url, jwks, secret, clock);
        this.users = users;
        this.accounts = accounts;
        this.cookie = cookie;
        this.audit = audit;
        this.limiter = limiter;
        this.properties = properties;
        this.transactions = transactions;
        this.encoder = encoder;
    }

    record SupabaseRequest(@NotBlank @Size(max = 16_384) String accessToken) {
    }

    /** Platform tokens for the Supabase user; {@code created} when the account was made by this exchange. */
    record SupabaseSession(AccountWire.LoginUserView user, String token, String refreshToken, long expiresIn,
            boolean created) {
    }

    @Operation(summary = "Exchange a Supabase Auth access token for platform tokens")
    @PostMapping("/api/auth/supabase")
    ResponseEntity<SupabaseSession> exchange(@RequestBody JsonNode body, HttpServletRequest http) {
        SupabaseRequest request = bodies.read(body, SupabaseRequest.class);
        if (verifier == null) {
            throw new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, "unavailable", "Supabase not configured",
                    "Set SUPABASE_URL or SUPABASE_JWT_SECRET on identity to accept Supabase tokens.");
        }
        limiter.hit("login:ip:" + http.getRemoteAddr(), properties.limits().loginPerIp(), properties.limits().window());
        SupabaseTokenVerifier.SupabaseUser supabase;
        try {
            supabase = verifier.verify(request.accessToken());
        } catch (InvalidTokenException e) {
            throw ProblemException.unauthenticated("The Supabase token is invalid, expired or has no verified email.");
        }
        boolean[] created = {false};
        UserStore.UserRow user = transactions.execute(tx -> {
            users.lockAccountCreation();
            Optional<UserStore.UserRow> linked = users.findBySupabaseId(supabase.id());
            if (linked.isPresent()) {
                return linked.get();
            }
            Optional<UserStore.UserRow> byEmail = users.findByEmail(supabase.email());
            if (byEmail.isPresent()) {
                if (byEmail.get().supabaseId() != null) {
                    throw ProblemException.conflict("This email is linked to another Supabase account.");
                }
                users.linkSupabase(byEmail.get().id(), supabase.id());
                return byEmail.get();
            }
            // No password of its own: a random one nobody knows (reset-password can set one later).
            UserStore.UserRow fresh = users.create(supabase.email(), supabase.name(),
                    encoder.encode(Hashes.randomHex(32)), !users.anySuperAdmin());
            users.linkSupabase(fresh.id(), supabase.id());
            created[0] = true;
            return fresh;
        });
        audit.record(created[0] ? "user.registered" : "user.login", Actor.user(user.id()), null, "user",
                user.id().toString(), Map.of("via", "supabase"));
        AccountService.Session session = accounts.startSession(user.id());
        SupabaseSession answer = new SupabaseSession(AccountWire.LoginUserView.of(session.user()),
                session.access().token(), session.refreshToken(), session.access().expiresIn(), created[0]);
        return ResponseEntity.status(created[0] ? HttpStatus.CREATED : HttpStatus.OK)
                .header(TokenCookie.header(), cookie.set(session.access())).body(answer);
    }
}
