package dev.symbia.gateway.ratelimit;

import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.util.Base64URL;
import dev.symbia.auth.AccessTokenVerifier;
import dev.symbia.auth.InvalidTokenException;
import dev.symbia.auth.RemoteJwks;
import dev.symbia.auth.TokenClaims;
import java.text.ParseException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.cloud.gateway.filter.ratelimit.KeyResolver;
import org.springframework.http.HttpCookie;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Keys a request by its principal when it carries an access token that verifies — signature against
 * identity's published keys, issuer, expiry — so a user behind a shared address (an office NAT) has
 * a bucket of their own and one who moves between addresses keeps theirs. Everything else falls back
 * to the client address: no token, an API key (only identity can check one, and the services do), and
 * any token that does not verify. An unverified {@code sub} is never trusted: it would let a client
 * spread its requests over invented principals, or drain someone else's bucket.
 *
 * <p>Keys come from libs/auth's {@link RemoteJwks}, as in every service. Its lookups may fetch (first
 * use, an unknown kid, keys past their age), which blocks: a token whose key is already in memory is
 * verified on the event loop, any other on a thread that may block.
 */
final class PrincipalKeyResolver implements KeyResolver {

    /** Distinct JWS headers remembered; a client inventing headers only makes them be decoded again. */
    static final int MAX_HEADERS = 64;

    private final RemoteJwks keys;
    /**
     * The {@code kid} of each JWS header seen (empty: none, or not a header). Every token signed with one key
     * has the same header, so it is decoded once rather than on every request; it is public, unlike the token.
     */
    private final Map<String, Optional<String>> kidByHeader = new ConcurrentHashMap<>();
    private final AccessTokenVerifier verifier;
    private final String cookieName;
    private final KeyResolver fallback;

    // The verifier remembers tokens that verified (libs/auth), so the ECDSA check runs once per token.
    PrincipalKeyResolver(RemoteJwks keys, AccessTokenVerifier verifier, String cookieName, KeyResolver fallback) {
        this.keys = keys;
        this.verifier = verifier;
        this.cookieName = cookieName;
        this.fallback = fallback;
    }

    @Override
    public Mono<String> resolve(ServerWebExchange exchange) {
        String token = accessToken(exchange.getRequest(), cookieName);
        if (token == null) {
            return fallback.resolve(exchange);
        }
        String kid = keyId(token);
        if (kid == null) {
            return fallback.resolve(exchange);
        }
        Mono<String> verified = Mono.fromSupplier(() -> verify(token));
        if (!keys.isCached(kid)) {
            verified = verified.subscribeOn(Schedulers.boundedElastic());
        }
        return verified.switchIfEmpty(Mono.defer(() -> fallback.resolve(exchange)));
    }

    /** The bucket key of a verified token; null (so: the address) for anything that does not verify. */
    private String verify(String token) {
        TokenClaims claims;
        try {
            claims = verifier.verify(token);
        } catch (InvalidTokenException e) {
            return null;
        }
        return "principal:" + claims.type().wire() + ":" + claims.subject();
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

    /** The {@code kid} of a compact JWS (three dot-separated parts); null if it has none or is not one. */
    private String keyId(String token) {
        if (token.length() > 16_384) {
            return null;
        }
        int first = token.indexOf('.');
        int second = first < 0 ? -1 : token.indexOf('.', first + 1);
        if (first <= 0 || second < 0 || token.indexOf('.', second + 1) >= 0) {
            return null;
        }
        String header = token.substring(0, first);
        Optional<String> kid = kidByHeader.get(header);
        if (kid == null) {
            kid = Optional.ofNullable(decodeKeyId(header));
            if (kidByHeader.size() >= MAX_HEADERS) {
                kidByHeader.clear();
            }
            kidByHeader.put(header, kid);
        }
        return kid.orElse(null);
    }

    private static String decodeKeyId(String header) {
        try {
            return JWSHeader.parse(new Base64URL(header)).getKeyID();
        } catch (ParseException | RuntimeException e) {
            return null;
        }
    }
}
