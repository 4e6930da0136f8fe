package dev.symbia.gateway.ratelimit;

import com.nimbusds.jwt.SignedJWT;
import dev.symbia.auth.AccessTokenVerifier;
import dev.symbia.auth.InvalidTokenException;
import dev.symbia.auth.TokenClaims;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.http.HttpCookie;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Keys a request by its principal when it carries an access token that verifies — signature against
 * identity's published keys, issuer, expiry — so a user behind a shared address (an office NAT) has
 * a bucket of their own and one who moves between addresses keeps theirs. Everything else falls back
 * to the client address: no token, an API key (only identity can check one, and the services do), and
 * any token that does not verify. An unverified {@code sub} is never trusted: it would let a client
 * spread its requests over invented principals, or drain someone else's bucket.
 */
final class PrincipalKeyResolver implements RateLimitKeyResolver {

    private static final int MAX_CACHED = 10_000;

    private final GatewayJwks keys;
    private final AccessTokenVerifier verifier;
    private final String cookieName;
    private final RateLimitKeyResolver fallback;
    private final Clock clock;
    // Verified tokens by hash: a client sends the same token for its 15 minutes, so the ECDSA check
    // runs once per token rather than once per request. Only successes are kept.
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();

    PrincipalKeyResolver(GatewayJwks keys, AccessTokenVerifier verifier, String cookieName, RateLimitKeyResolver fallback,
            Clock clock) {
        this.keys = keys;
        this.verifier = verifier;
        this.cookieName = cookieName;
        this.fallback = fallback;
        this.clock = clock;
    }

    @Override
    public Mono<String> resolve(ServerWebExchange exchange) {
        String token = accessToken(exchange.getRequest(), cookieName);
        if (token == null) {
            return fallback.resolve(exchange);
        }
        String hash = sha256(token);
        Verified known = verified.get(hash);
        if (known != null) {
            if (clock.instant().isBefore(known.expiresAt())) {
                return Mono.just(known.key());
            }
            verified.remove(hash);
        }
        String kid = keyId(token);
        if (kid == null) {
            return fallback.resolve(exchange);
        }
        return keys.ready(kid)
                .then(Mono.fromSupplier(() -> verify(token, hash)))
                .switchIfEmpty(Mono.defer(() -> fallback.resolve(exchange)));
    }

    /** The bucket key of a verified token; null (so: the address) for anything that does not verify. */
    private String verify(String token, String hash) {
        TokenClaims claims;
        try {
            claims = verifier.verify(token);
        } catch (InvalidTokenException e) {
            return null;
        }
        String key = "principal:" + claims.type().wire() + ":" + claims.subject();
        if (verified.size() >= MAX_CACHED) {
            verified.clear(); // crude but bounded; the next requests simply verify again
        }
        verified.put(hash, new Verified(key, claims.expiresAt()));
        return key;
    }

    /**
     * {@code Authorization: Bearer <jwt>}, else the website's cookie — the credentials the services
     * accept, in their order. API keys ({@code sk_…}, {@code X-API-Key}) are not access tokens.
     */
    static String accessToken(ServerHttpRequest request, String cookieName) {
        String authorization = request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String value = authorization.substring(7).trim();
            return value.isEmpty() || value.startsWith("sk_") ? null : value;
        }
        if (request.getHeaders().getFirst("X-API-Key") != null) {
            return null;
        }
        HttpCookie cookie = request.getCookies().getFirst(cookieName);
        return cookie == null || cookie.getValue().isBlank() ? null : cookie.getValue();
    }

    private static String keyId(String token) {
        if (token.length() > 16_384) {
            return null;
        }
        try {
            return SignedJWT.parse(token).getHeader().getKeyID();
        } catch (ParseException | RuntimeException e) {
            return null;
        }
    }

    private static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Verified(String key, Instant expiresAt) {
    }
}
