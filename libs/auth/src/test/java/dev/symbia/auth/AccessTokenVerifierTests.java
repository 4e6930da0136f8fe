package dev.symbia.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.symbia.test.MutableClock;
import dev.symbia.test.auth.TestIdentity;
import dev.symbia.test.auth.TestPrincipal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class AccessTokenVerifierTests {

    private final Instant now = Instant.parse("2026-03-01T10:00:00Z");
    private final MutableClock clock = new MutableClock(now);
    private final TestIdentity identity = TestIdentity.create(clock);
    private final AccessTokenVerifier verifier = new AccessTokenVerifier(identity::publicKey,
            TestIdentity.ISSUER, Duration.ofSeconds(30), clock);

    private TestPrincipal ada() {
        return identity.user("u1").email("ada@example.com").member("orgA", "admin").caps("cap:catalog.read");
    }

    private JWTClaimsSet claims() {
        return ada().claims();
    }

    @Test
    void acceptsAValidTokenAndReadsEveryClaim() throws Exception {
        TokenClaims claims = verifier.verify(ada().token());
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
        String[] parts = ada().token().split("\\.");
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
                ("{\"alg\":\"none\",\"kid\":\"" + kid() + "\"}").getBytes(StandardCharsets.UTF_8));
        assertRejected(header + "." + unsigned.split("\\.")[1] + ".");
    }

    @Test
    void rejectsHmacSignedWithThePublicKey() throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(kid()).build(), claims());
        jwt.sign(new MACSigner(identity.signingKey().toPublicJWK().toJSONString().repeat(2).getBytes(StandardCharsets.UTF_8)));
        assertRejected(jwt.serialize());
    }

    @Test
    void rejectsAWrongKeyUnderTheRightKid() {
        assertRejected(ada().tokenSignedWithWrongKey());
    }

    @Test
    void rejectsAnUnknownKid() {
        assertRejected(TestIdentity.sign(TestIdentity.newKey("k2"), claims(), header -> { }));
    }

    @Test
    void rejectsAnExpiredToken() {
        String token = ada().token();
        clock.advance(Duration.ofMinutes(16));
        assertRejected(token);
    }

    @Test
    void toleratesSmallClockSkewOnly() throws Exception {
        String token = ada().token();
        clock.advance(Duration.ofSeconds(900 + 20));
        assertThat(verifier.verify(token).subject()).isEqualTo("u1");
    }

    @Test
    void rejectsAnotherIssuer() {
        assertRejected(identity.sign(new JWTClaimsSet.Builder(claims()).issuer("https://evil.example").build()));
    }

    @Test
    void rejectsMissingExpiryAndUnknownType() {
        assertRejected(identity.sign(new JWTClaimsSet.Builder(claims()).expirationTime(null).build()));
        assertRejected(identity.sign(new JWTClaimsSet.Builder(claims()).claim("typ", "root").build()));
        assertRejected(identity.sign(new JWTClaimsSet.Builder(claims())
                .issueTime(Date.from(now.plusSeconds(3600))).build()));
    }

    @Test
    void rejectsGarbage() {
        assertRejected("");
        assertRejected("not-a-token");
        assertRejected("a.b.c");
    }

    @Test
    void rejectsTamperedAndExpiredTokensFromTestIdentity() {
        assertRejected(ada().tamperedToken());
        assertRejected(ada().expiredToken());
    }

    @Test
    void remembersAVerifiedTokenUntilItExpires() throws Exception {
        String token = ada().token();
        TokenClaims first = verifier.verify(token);

        assertThat(verifier.verify(token)).as("answered from memory, no second ECDSA check").isSameAs(first);

        clock.advance(Duration.ofMinutes(16));
        assertRejected(token);
    }

    @Test
    void aRememberedTokenStopsWhenItsKeyIsWithdrawn() throws Exception {
        AtomicBoolean published = new AtomicBoolean(true);
        AccessTokenVerifier rotating = new AccessTokenVerifier(
                kid -> published.get() ? identity.publicKey(kid) : Optional.empty(), TestIdentity.ISSUER,
                Duration.ofSeconds(30), clock);
        String token = ada().token();
        rotating.verify(token);

        published.set(false);

        assertThatThrownBy(() -> rotating.verify(token)).isInstanceOf(InvalidTokenException.class);
    }

    @Test
    void neverRemembersAFailure() throws Exception {
        AtomicBoolean published = new AtomicBoolean(false);
        AccessTokenVerifier rotating = new AccessTokenVerifier(
                kid -> published.get() ? identity.publicKey(kid) : Optional.empty(), TestIdentity.ISSUER,
                Duration.ofSeconds(30), clock);
        String token = ada().token();
        assertThatThrownBy(() -> rotating.verify(token)).isInstanceOf(InvalidTokenException.class);

        published.set(true); // e.g. the JWKS caught up with a rotation

        assertThat(rotating.verify(token).subject()).isEqualTo("u1");
    }

    @Test
    void aTamperedCopyOfARememberedTokenIsStillRejected() throws Exception {
        String token = ada().token();
        verifier.verify(token);
        String[] parts = token.split("\\.");
        String forged = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(
                new JWTClaimsSet.Builder(claims()).claim("sa", true).build().toString().getBytes(StandardCharsets.UTF_8))
                + "." + parts[2];

        assertRejected(forged);
    }

    private String kid() {
        return identity.signingKey().getKeyID();
    }

    private void assertRejected(String token) {
        assertThatThrownBy(() -> verifier.verify(token)).isInstanceOf(InvalidTokenException.class);
    }
}
