package dev.symbia.identity.supabase;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.symbia.auth.InvalidTokenException;
import dev.symbia.auth.RemoteJwks;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Verifies a Supabase Auth access token: asymmetric (ES256/RS256) against the project's JWKS at
 * {@code SUPABASE_URL/auth/v1/.well-known/jwks.json}, or HS256 with {@code SUPABASE_JWT_SECRET}
 * (legacy projects). Checks issuer, audience {@code authenticated}, expiry, and a verified email.
 */
final class SupabaseTokenVerifier {

    record SupabaseUser(String id, String email, String name) {
    }

    private final String issuer;
    private final RemoteJwks jwks;
    private final byte[] hmacSecret;
    private final Clock clock;

    SupabaseTokenVerifier(String url, RemoteJwks jwks, String hmacSecret, Clock clock) {
        this.issuer = url == null || url.isBlank() ? null : url.replaceAll("/+$", "") + "/auth/v1";
        this.jwks = jwks;
        this.hmacSecret = hmacSecret == null || hmacSecret.isBlank() ? null : hmacSecret.getBytes(StandardCharsets.UTF_8);
        this.clock = clock;
    }

    SupabaseUser verify(String token) throws InvalidTokenException {
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(token);
        } catch (ParseException e) {
            throw new InvalidTokenException("not a signed JWT");
        }
        JWSAlgorithm alg = jwt.getHeader().getAlgorithm();
        try {
            if (!jwt.verify(verifier(alg, jwt.getHeader().getKeyID()))) {
                throw new InvalidTokenException("bad signature");
            }
            return user(jwt.getJWTClaimsSet());
        } catch (JOSEException | ParseException e) {
            throw new InvalidTokenException("unverifiable token", e);
        }
    }

    private JWSVerifier verifier(JWSAlgorithm alg, String kid) throws InvalidTokenException, JOSEException {
        if (JWSAlgorithm.HS256.equals(alg)) {
            if (hmacSecret == null || hmacSecret.length < 32) {
                throw new InvalidTokenException("HS256 not configured");
            }
            return new MACVerifier(hmacSecret);
        }
        if (!JWSAlgorithm.ES256.equals(alg) && !JWSAlgorithm.RS256.equals(alg)) {
            throw new InvalidTokenException("unsupported algorithm");
        }
        if (jwks == null || kid == null) {
            throw new InvalidTokenException("no JWKS or kid");
        }
        JWK key = jwks.find(kid).orElseThrow(() -> new InvalidTokenException("unknown kid"));
        if (JWSAlgorithm.ES256.equals(alg) && key instanceof ECKey ec) {
            return new ECDSAVerifier(ec.toECPublicKey());
        }
        if (JWSAlgorithm.RS256.equals(alg) && key instanceof RSAKey rsa) {
            return new RSASSAVerifier(rsa.toRSAPublicKey());
        }
        throw new InvalidTokenException("key does not match algorithm");
    }

    private SupabaseUser user(JWTClaimsSet claims) throws InvalidTokenException, ParseException {
        Instant now = clock.instant();
        Date exp = claims.getExpirationTime();
        if (exp == null || now.isAfter(exp.toInstant().plus(Duration.ofSeconds(30)))) {
            throw new InvalidTokenException("expired");
        }
        if (issuer != null && !issuer.equals(claims.getIssuer())) {
            throw new InvalidTokenException("wrong issuer");
        }
        List<String> audience = claims.getAudience();
        if (audience == null || !audience.contains("authenticated")) {
            throw new InvalidTokenException("wrong audience");
        }
        String sub = claims.getSubject();
        String email = claims.getStringClaim("email");
        if (sub == null || sub.isBlank() || email == null || !email.contains("@")) {
            throw new InvalidTokenException("no subject or email");
        }
        Map<String, Object> metadata = claims.getJSONObjectClaim("user_metadata");
        boolean verified = Boolean.TRUE.equals(claims.getClaim("email_verified"))
                || (metadata != null && Boolean.TRUE.equals(metadata.get("email_verified")));
        if (!verified) {
            throw new InvalidTokenException("email not verified");
        }
        String name = Optional.ofNullable(metadata).map(m -> m.get("full_name") != null ? m.get("full_name") : m.get("name"))
                .map(String::valueOf).filter(n -> !n.isBlank()).orElse(email.substring(0, email.indexOf('@')));
        return new SupabaseUser(sub, email, name.length() > 100 ? name.substring(0, 100) : name);
    }
}
