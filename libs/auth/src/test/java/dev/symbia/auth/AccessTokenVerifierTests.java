package dev.symbia.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AccessTokenVerifierTests {

    private final Instant now = Instant.parse("2026-03-01T10:00:00Z");
    private final MutableClock clock = new MutableClock(now);
    private final ECKey key = TestKeys.newKey("k1");
    private final AccessTokenVerifier verifier = new AccessTokenVerifier(
            kid -> "k1".equals(kid) ? Optional.of(key.toPublicJWK()) : Optional.empty(),
            TestKeys.ISSUER, Duration.ofSeconds(30), clock);

    private JWTClaimsSet claims() {
        return TestKeys.userClaims("u1", "orgA", Map.of("orgA", "admin"), List.of("cap:catalog.read"),
                List.of(), now).build();
    }

    @Test
    void acceptsAValidTokenAndReadsEveryClaim() throws Exception {
        TokenClaims claims = verifier.verify(TestKeys.sign(key, claims()));
        assertThat(claims.subject()).isEqualTo("u1");
        assertThat(claims.type()).isEqualTo(PrincipalType.USER);
        assertThat(claims.email()).isEqualTo("ada@example.com");
        assertThat(claims.org()).isEqualTo("orgA");
        assertThat(claims.orgs()).containsEntry("orgA", "admin");
        assertThat(claims.caps()).containsExactly("cap:catalog.read");
        assertThat(claims.platformCaps()).isEmpty();
        assertThat(claims.superAdmin()).isFalse();
        assertThat(claims.expiresAt()).isEqualTo(now.plusSeconds(900));
    }

    @Test
    void rejectsAChangedPayload() {
        String[] parts = TestKeys.sign(key, claims()).split("\\.");
        String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(
                new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                        .replace("\"sa\":false", "\"sa\":true").getBytes(StandardCharsets.UTF_8));
        assertThat(forged).isNotEqualTo(parts[1]);
        assertRejected(parts[0] + "." + forged + "." + parts[2]);
    }

    @Test
    void rejectsAlgNone() {
        String unsigned = new PlainJWT(claims()).serialize();
        assertRejected(unsigned);
        // The same with a kid and an empty signature part, as attackers send it.
        String header = Base64.getUrlEncoder().withoutPadding().encodeToString(
                "{\"alg\":\"none\",\"kid\":\"k1\"}".getBytes(StandardCharsets.UTF_8));
        assertRejected(header + "." + unsigned.split("\\.")[1] + ".");
    }

    @Test
    void rejectsHmacSignedWithThePublicKey() throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("k1").build(), claims());
        jwt.sign(new MACSigner(key.toPublicJWK().toJSONString().repeat(2).getBytes(StandardCharsets.UTF_8)));
        assertRejected(jwt.serialize());
    }

    @Test
    void rejectsAWrongKeyUnderTheRightKid() {
        assertRejected(TestKeys.sign(TestKeys.newKey("k1"), claims()));
    }

    @Test
    void rejectsAnUnknownKid() {
        assertRejected(TestKeys.sign(TestKeys.newKey("k2"), claims()));
    }

    @Test
    void rejectsAnExpiredToken() {
        String token = TestKeys.sign(key, claims());
        clock.advance(Duration.ofMinutes(16));
        assertRejected(token);
    }

    @Test
    void toleratesSmallClockSkewOnly() throws Exception {
        String token = TestKeys.sign(key, claims());
        clock.advance(Duration.ofSeconds(900 + 20));
        assertThat(verifier.verify(token).subject()).isEqualTo("u1");
    }

    @Test
    void rejectsAnotherIssuer() {
        assertRejected(TestKeys.sign(key, new JWTClaimsSet.Builder(claims()).issuer("https://evil.example").build()));
    }

    @Test
    void rejectsMissingExpiryAndUnknownType() {
        assertRejected(TestKeys.sign(key, new JWTClaimsSet.Builder(claims()).expirationTime(null).build()));
        assertRejected(TestKeys.sign(key, new JWTClaimsSet.Builder(claims()).claim("typ", "root").build()));
        assertRejected(TestKeys.sign(key, new JWTClaimsSet.Builder(claims())
                .issueTime(Date.from(now.plusSeconds(3600))).build()));
    }

    @Test
    void rejectsGarbage() {
        assertRejected("");
        assertRejected("not-a-token");
        assertRejected("a.b.c");
    }

    private void assertRejected(String token) {
        assertThatThrownBy(() -> verifier.verify(token)).isInstanceOf(InvalidTokenException.class);
    }
}
