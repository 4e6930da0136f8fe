package dev.symbia.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/** Signing keys and tokens shaped like identity's, for tests. */
final class TestKeys {

    static final String ISSUER = "symbia-identity";

    private TestKeys() {
    }

    static ECKey newKey(String kid) {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    static String jwks(ECKey... keys) {
        return new JWKSet(List.of(keys)).toPublicJWKSet().toString();
    }

    static JWTClaimsSet.Builder userClaims(String userId, String org, Map<String, String> orgs, List<String> caps,
            List<String> pcaps, Instant now) {
        return new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject(userId)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(900)))
                .jwtID(UUID.randomUUID().toString())
                .claim("typ", "user")
                .claim("email", "ada@example.com")
                .claim("name", "Ada")
                .claim("org", org)
                .claim("orgs", orgs)
                .claim("caps", caps)
                .claim("pcaps", pcaps)
                .claim("sa", false);
    }

    static String sign(ECKey key, JWTClaimsSet claims) {
        return sign(key, claims, header -> { });
    }

    static String sign(ECKey key, JWTClaimsSet claims, Consumer<JWSHeader.Builder> headerCustomizer) {
        try {
            JWSHeader.Builder header = new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).type(JOSEObjectType.JWT);
            headerCustomizer.accept(header);
            SignedJWT jwt = new SignedJWT(header.build(), claims);
            jwt.sign(new ECDSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
