package dev.symbia.identity.token;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.symbia.identity.support.Http;
import dev.symbia.identity.support.IdentityTestBase;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

class TokenTests extends IdentityTestBase {

    @Autowired
    SigningKeyStore keys;

    @Test
    void accessTokensAreEs256WithKidAndTheSpecClaims() throws Exception {
        User user = register(unique("claims"), "Claims Org");
        SignedJWT jwt = SignedJWT.parse(user.token());
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
        assertThat(jwt.getHeader().getKeyID()).isNotBlank();
        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        assertThat(claims.getSubject()).isEqualTo(user.id());
        assertThat(claims.getStringClaim("typ")).isEqualTo("user");
        assertThat(claims.getStringClaim("email")).isEqualTo(user.email());
        assertThat(claims.getStringClaim("name")).isEqualTo("Test User");
        assertThat(claims.getStringClaim("org")).isEqualTo(user.orgId());
        assertThat(claims.getJSONObjectClaim("orgs")).containsEntry(user.orgId(), "admin");
        assertThat(claims.getStringListClaim("caps")).contains("cap:identity.manage-users");
        assertThat(claims.getBooleanClaim("sa")).isFalse();
        assertThat(claims.getIssuer()).isEqualTo("symbia-identity");
        assertThat(claims.getJWTID()).isNotBlank();
        long lifetime = claims.getExpirationTime().getTime() - claims.getIssueTime().getTime();
        assertThat(lifetime).isEqualTo(15 * 60 * 1000);
    }

    @Test
    void jwksPublishesTheSigningKeyWithoutPrivateParts() throws Exception {
        User user = register(unique("jwks"), null);
        Http.Response response = http().get("/.well-known/jwks.json");
        assertThat(response.status()).isEqualTo(200);
        JsonNode key = response.json().path("keys").get(0);
        assertThat(key.path("kid").asString()).isEqualTo(SignedJWT.parse(user.token()).getHeader().getKeyID());
        assertThat(key.path("kty").asString()).isEqualTo("EC");
        assertThat(key.path("crv").asString()).isEqualTo("P-256");
        assertThat(key.has("d")).as("no private key").isFalse();
    }

    @Test
    void signingKeyIsStoredEncryptedAndSurvivesACacheReset() throws Exception {
        String kid = keys.signingKey().getKeyID();
        byte[] stored = jdbc.sql("SELECT private_key_enc FROM signing_keys WHERE kid = :kid").param("kid", kid)
                .query(byte[].class).single();
        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain("PRIVATE");
        assertThat(stored).isNotEqualTo(keys.signingKey().toECPrivateKey().getEncoded());
    }

    @Test
    void rotationKeepsOldKeysPublishedSoTheirTokensStillWork() throws Exception {
        User user = register(unique("rotate"), null);
        String oldKid = SignedJWT.parse(user.token()).getHeader().getKeyID();
        String newKid = keys.rotate().getKeyID();
        assertThat(newKid).isNotEqualTo(oldKid);
        String jwks = http().get("/.well-known/jwks.json").body();
        assertThat(jwks).contains(oldKid).contains(newKid);
        assertThat(http().get("/api/auth/me", Http.bearer(user.token())).status()).isEqualTo(200);
        User again = login(user.email(), PASSWORD);
        assertThat(SignedJWT.parse(again.token()).getHeader().getKeyID()).isEqualTo(newKid);
    }

    static Stream<Arguments> tamperedTokens() {
        return Stream.of(
                Arguments.of("changed payload", (Function<Forge, String>) Forge::changedPayload),
                Arguments.of("alg none", (Function<Forge, String>) Forge::algNone),
                Arguments.of("wrong key, right kid", (Function<Forge, String>) Forge::wrongKey),
                Arguments.of("expired", (Function<Forge, String>) Forge::expired),
                Arguments.of("another issuer", (Function<Forge, String>) Forge::otherIssuer),
                Arguments.of("garbage", (Function<Forge, String>) f -> "definitely.not.ajwt"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tamperedTokens")
    void tamperedTokensAreRejectedEverywhere(String name, Function<Forge, String> forge) throws Exception {
        User user = register(unique("tamper"), "Tamper Org");
        String forged = forge.apply(new Forge(user.token(), keys.signingKey()));
        Http.Response me = http().get("/api/auth/me", Http.bearer(forged));
        assertThat(me.status()).isEqualTo(401);
        assertThat(me.isProblem()).isTrue();
        assertThat(http().get("/api/auth/me", "Cookie", "token=" + forged).status()).isEqualTo(401);
        Http.Response introspection = http().post("/api/auth/introspect", Map.of("token", forged));
        assertThat(introspection.status()).isEqualTo(200);
        assertThat(introspection.json().path("active").asBoolean()).isFalse();
    }

    /** Makes bad tokens from a good one. */
    record Forge(String token, ECKey realKey) {
        String changedPayload() {
            String[] parts = token.split("\\.");
            String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                    .replace("\"sa\":false", "\"sa\":true");
            return parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8))
                    + "." + parts[2];
        }

        String algNone() {
            try {
                return new PlainJWT(SignedJWT.parse(token).getJWTClaimsSet()).serialize();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        String wrongKey() {
            try {
                ECKey other = new ECKeyGenerator(Curve.P_256).keyID(realKey.getKeyID()).generate();
                return sign(other, SignedJWT.parse(token).getJWTClaimsSet());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        String expired() {
            try {
                JWTClaimsSet claims = new JWTClaimsSet.Builder(SignedJWT.parse(token).getJWTClaimsSet())
                        .issueTime(Date.from(Instant.now().minusSeconds(3600)))
                        .expirationTime(Date.from(Instant.now().minusSeconds(600))).build();
                return sign(realKey, claims);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        String otherIssuer() {
            try {
                return sign(realKey, new JWTClaimsSet.Builder(SignedJWT.parse(token).getJWTClaimsSet())
                        .issuer("https://someone-else.example").build());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        private static String sign(ECKey key, JWTClaimsSet claims) throws Exception {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(), claims);
            jwt.sign(new ECDSASigner(key));
            return jwt.serialize();
        }
    }

    @Test
    void introspectionDescribesLiveUserTokens() {
        User user = register(unique("intro"), "Intro Org");
        JsonNode body = http().post("/api/auth/introspect", Map.of("token", user.token())).json();
        assertThat(body.path("active").asBoolean()).isTrue();
        assertThat(body.path("type").asString()).isEqualTo("user");
        assertThat(body.path("sub").asString()).isEqualTo(user.id());
        assertThat(body.path("token_type").asString()).isEqualTo("Bearer");
        assertThat(body.path("organizations").get(0).path("role").asString()).isEqualTo("admin");
        assertThat(body.path("exp").asLong()).isGreaterThan(Instant.now().getEpochSecond());
    }

    @Test
    void introspectionIsAlways200AndInactiveForJunk() {
        for (Object body : new Object[] {Map.of(), Map.of("token", ""), Map.of("token", 42), Map.of("token", "sk_nope")}) {
            Http.Response response = http().post("/api/auth/introspect", body);
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.json().path("active").asBoolean()).isFalse();
        }
    }

    @Test
    void serviceTokensNeedTheSecretAndAKnownService() throws Exception {
        Http.Response ok = http().post("/api/auth/service-token", Map.of("serviceId", "messaging", "secret", INTERNAL_SECRET));
        assertThat(ok.status()).isEqualTo(200);
        JWTClaimsSet claims = SignedJWT.parse(ok.json().path("token").asString()).getJWTClaimsSet();
        assertThat(claims.getStringClaim("typ")).isEqualTo("service");
        assertThat(claims.getSubject()).isEqualTo("messaging");
        assertThat(claims.getExpirationTime().getTime() - claims.getIssueTime().getTime()).isEqualTo(5 * 60 * 1000);
        assertThat(ok.json().path("expiresIn").asLong()).isEqualTo(300);

        Http.Response wrongSecret = http().post("/api/auth/service-token", Map.of("serviceId", "messaging", "secret", "nope"));
        assertThat(wrongSecret.status()).isEqualTo(401);
        assertThat(wrongSecret.body()).doesNotContain(INTERNAL_SECRET);
        assertThat(http().post("/api/auth/service-token", Map.of("serviceId", "evil", "secret", INTERNAL_SECRET)).status())
                .isEqualTo(401);
        JsonNode me = http().get("/api/auth/me", Http.bearer(ok.json().path("token").asString())).json();
        assertThat(me.path("type").asString()).isEqualTo("service");
    }

    @Test
    void theGatewayGetsAServiceTokenThatOpensNoInternalEndpoint() throws Exception {
        Http.Response ok = http().post("/api/auth/service-token", Map.of("serviceId", "gateway", "secret", INTERNAL_SECRET));
        assertThat(ok.status()).isEqualTo(200);
        String token = ok.json().path("token").asString();
        JWTClaimsSet claims = SignedJWT.parse(token).getJWTClaimsSet();
        assertThat(claims.getStringClaim("typ")).isEqualTo("service");
        assertThat(claims.getSubject()).isEqualTo("gateway");
        assertThat(claims.getStringListClaim("caps")).isEmpty();
        assertThat(claims.getBooleanClaim("sa")).isFalse();

        Http.Response wrongSecret = http().post("/api/auth/service-token", Map.of("serviceId", "gateway", "secret", "nope"));
        assertThat(wrongSecret.status()).isEqualTo(401);
        assertThat(wrongSecret.body()).doesNotContain(INTERNAL_SECRET);
        for (String unknown : new String[] {"Gateway", "gateway2", "api-gateway", "web"}) {
            assertThat(http().post("/api/auth/service-token", Map.of("serviceId", unknown, "secret", INTERNAL_SECRET)).status())
                    .as(unknown).isEqualTo(401);
        }

        // identity's own internal endpoint admits only its vault readers: a gateway token is refused.
        User user = register(unique("gateway-internal"), "Gateway Org");
        Http.Response internal = http().get("/api/internal/credentials/" + user.id() + "/openai?orgId=" + user.orgId(),
                Http.bearer(token));
        assertThat(internal.status()).isEqualTo(403);
    }
}
