package dev.symbia.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Verifies a platform access token locally: ES256 only (so {@code alg: none} and HMAC-with-the-
 * public-key confusion are impossible), a {@code kid} that resolves to a published key, the
 * signature, the issuer, and the lifetime.
 *
 * <p>A caller sends the same token for its whole lifetime (15 minutes for users; a service reuses its
 * token), and the ECDSA check is the most expensive step of a request (~0.4 ms). So tokens that
 * verified are remembered by their SHA-256 — never the token itself — until they expire: a repeat costs
 * a hash and a map lookup, and still re-checks the lifetime and that its key is still published (a key
 * withdrawn from the JWKS stops its tokens at once). Failures are never remembered. The memory is
 * bounded ({@value #MAX_REMEMBERED} tokens; expired ones are dropped first, then everything).
 */
public final class AccessTokenVerifier {

    /** The one algorithm identity signs with; anything else is rejected before any key lookup. */
    public static final JWSAlgorithm ALGORITHM = JWSAlgorithm.ES256;
    static final int MAX_REMEMBERED = 10_000;

    private final VerificationKeys keys;
    private final String issuer;
    private final Duration clockSkew;
    private final Clock clock;
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();

    public AccessTokenVerifier(VerificationKeys keys, String issuer, Duration clockSkew, Clock clock) {
        this.keys = Objects.requireNonNull(keys);
        this.issuer = Objects.requireNonNull(issuer);
        this.clockSkew = clockSkew;
        this.clock = clock;
    }

    public TokenClaims verify(String token) throws InvalidTokenException {
        if (token == null || token.isBlank() || token.length() > 16_384) {
            throw new InvalidTokenException("missing or oversized token");
        }
        String hash = SecretHashes.sha256(token);
        Verified known = verified.get(hash);
        if (known != null) {
            if (stillValid(known)) {
                return known.claims();
            }
            verified.remove(hash); // expired or its key withdrawn: verify from scratch (and fail)
        }
        Verified fresh = verifyFully(token);
        remember(hash, fresh);
        return fresh.claims();
    }

    private boolean stillValid(Verified known) {
        return clock.instant().isBefore(known.claims().expiresAt().plus(clockSkew)) && keys.find(known.kid()).isPresent();
    }

    private void remember(String hash, Verified fresh) {
        if (verified.size() >= MAX_REMEMBERED) {
            Instant now = clock.instant();
            verified.values().removeIf(entry -> !now.isBefore(entry.claims().expiresAt().plus(clockSkew)));
            if (verified.size() >= MAX_REMEMBERED) {
                verified.clear(); // crude but bounded; the next requests simply verify again
            }
        }
        verified.put(hash, fresh);
    }

    private Verified verifyFully(String token) throws InvalidTokenException {
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(token);
        } catch (ParseException e) {
            throw new InvalidTokenException("not a signed JWT");
        }
        if (!ALGORITHM.equals(jwt.getHeader().getAlgorithm())) {
            throw new InvalidTokenException("unsupported algorithm");
        }
        String kid = jwt.getHeader().getKeyID();
        if (kid == null) {
            throw new InvalidTokenException("no key id");
        }
        JWK jwk = keys.find(kid).orElseThrow(() -> new InvalidTokenException("unknown key id"));
        try {
            if (!(jwk instanceof ECKey ec) || !jwt.verify(verifier(ec))) {
                throw new InvalidTokenException("bad signature");
            }
        } catch (JOSEException e) {
            throw new InvalidTokenException("bad signature", e);
        }
        try {
            return new Verified(kid, claims(jwt.getJWTClaimsSet()));
        } catch (ParseException e) {
            throw new InvalidTokenException("unreadable claims");
        }
    }

    private static JWSVerifier verifier(ECKey key) throws JOSEException {
        return new ECDSAVerifier(key.toECPublicKey());
    }

    private TokenClaims claims(JWTClaimsSet set) throws InvalidTokenException, ParseException {
        if (!issuer.equals(set.getIssuer())) {
            throw new InvalidTokenException("wrong issuer");
        }
        Instant now = clock.instant();
        Date exp = set.getExpirationTime();
        Date iat = set.getIssueTime();
        if (exp == null || now.isAfter(exp.toInstant().plus(clockSkew))) {
            throw new InvalidTokenException("expired");
        }
        if (iat != null && iat.toInstant().isAfter(now.plus(clockSkew))) {
            throw new InvalidTokenException("issued in the future");
        }
        PrincipalType type = PrincipalType.fromWire(set.getStringClaim(TokenClaims.TYP))
                .orElseThrow(() -> new InvalidTokenException("unknown principal type"));
        String subject = set.getSubject();
        if (subject == null || subject.isBlank()) {
            throw new InvalidTokenException("no subject");
        }
        Map<String, String> orgs = new LinkedHashMap<>();
        Map<String, Object> rawOrgs = set.getJSONObjectClaim(TokenClaims.ORGS);
        if (rawOrgs != null) {
            rawOrgs.forEach((org, role) -> orgs.put(org, String.valueOf(role)));
        }
        Boolean sa = set.getBooleanClaim(TokenClaims.SUPER_ADMIN);
        return new TokenClaims(set.getIssuer(), subject, type,
                set.getStringClaim(TokenClaims.EMAIL), set.getStringClaim(TokenClaims.NAME),
                set.getStringClaim(TokenClaims.AGENT_ID), set.getStringClaim(TokenClaims.ORG), orgs,
                strings(set.getStringListClaim(TokenClaims.CAPS)),
                set.getClaim(TokenClaims.PLATFORM_CAPS) == null ? null
                        : strings(set.getStringListClaim(TokenClaims.PLATFORM_CAPS)),
                sa != null && sa, iat == null ? null : iat.toInstant(), exp.toInstant(), set.getJWTID());
    }

    private static Set<String> strings(List<String> values) {
        return values == null ? Set.of() : new LinkedHashSet<>(values);
    }

    /** A token that verified: the key that signed it and its claims. */
    private record Verified(String kid, TokenClaims claims) {
    }
}
