package dev.symbia.identity.supabase;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.symbia.identity.support.Http;
import dev.symbia.identity.support.IdentityTestBase;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.UUID;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Against a local stand-in for a Supabase project's JWKS (and its legacy HS256 secret). */
class SupabaseTests extends IdentityTestBase {

    private static ECKey projectKey;

    @BeforeAll
    static void serveJwks() throws Exception {
        projectKey = new ECKeyGenerator(Curve.P_256).keyID("supabase-key-1").generate();
        String jwks = new JWKSet(projectKey.toPublicJWK()).toString();
        SUPABASE.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                if ("/auth/v1/.well-known/jwks.json".equals(request.getUrl().encodedPath())) {
                    return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json").body(jwks).build();
                }
                return new MockResponse.Builder().code(404).build();
            }
        });
    }

    private String issuer() {
        String url = SUPABASE.url("/").toString();
        return url.substring(0, url.length() - 1) + "/auth/v1";
    }

    private JWTClaimsSet.Builder claims(String email, boolean verified) {
        return new JWTClaimsSet.Builder()
                .issuer(issuer())
                .subject(UUID.randomUUID().toString())
                .audience("authenticated")
                .issueTime(new Date())
                .expirationTime(Date.from(Instant.now().plusSeconds(3600)))
                .claim("email", email)
                .claim("role", "authenticated")
                .claim("user_metadata", Map.of("email_verified", verified, "full_name", "Supa User"));
    }

    private static String es256(ECKey key, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(), claims);
        jwt.sign(new ECDSASigner(key));
        return jwt.serialize();
    }

    private static String hs256(String secret, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
        return jwt.serialize();
    }

    @Test
    void aVerifiedSupabaseUserGetsAnAccountAndPlatformTokens() throws Exception {
        String email = unique("supa");
        JWTClaimsSet claims = claims(email, true).build();
        Http.Response first = http().post("/api/auth/supabase", Map.of("accessToken", es256(projectKey, claims)));
        assertThat(first.status()).as(first.body()).isEqualTo(201);
        assertThat(first.json().path("user").path("email").asString()).isEqualTo(email);
        assertThat(first.json().path("user").path("name").asString()).isEqualTo("Supa User");
        String token = first.json().path("token").asString();
        assertThat(http().get("/api/auth/me", Http.bearer(token)).status()).isEqualTo(200);
        assertThat(first.json().path("refreshToken").asString()).startsWith("rt_");

        Http.Response again = http().post("/api/auth/supabase", Map.of("accessToken", es256(projectKey, claims)));
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().path("user").path("id").asString()).isEqualTo(first.json().path("user").path("id").asString());
    }

    @Test
    void anExistingAccountIsLinkedByVerifiedEmail() throws Exception {
        String email = unique("link");
        User existing = register(email, "Linked Org");
        Http.Response response = http().post("/api/auth/supabase",
                Map.of("accessToken", es256(projectKey, claims(email.toUpperCase(), true).build())));
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().path("user").path("id").asString()).isEqualTo(existing.id());
        assertThat(response.json().path("user").path("organizations").get(0).path("id").asString()).isEqualTo(existing.orgId());
    }

    @Test
    void legacyHs256ProjectsWorkWithTheirSecret() throws Exception {
        Http.Response response = http().post("/api/auth/supabase",
                Map.of("accessToken", hs256(SUPABASE_SECRET, claims(unique("hs"), true).build())));
        assertThat(response.status()).isEqualTo(201);
    }

    @Test
    void badSupabaseTokensAreRefused() throws Exception {
        String email = unique("bad-supa");
        ECKey stranger = new ECKeyGenerator(Curve.P_256).keyID("supabase-key-1").generate();
        String[] tokens = {
                es256(projectKey, claims(email, false).build()),
                es256(stranger, claims(email, true).build()),
                es256(projectKey, claims(email, true).issuer("https://other.supabase.co/auth/v1").build()),
                es256(projectKey, claims(email, true).audience("anon").build()),
                es256(projectKey, claims(email, true).expirationTime(Date.from(Instant.now().minusSeconds(600))).build()),
                hs256("another-secret-0123456789abcdef0123456789", claims(email, true).build()),
                "not-a-jwt"};
        for (String token : tokens) {
            Http.Response response = http().post("/api/auth/supabase", Map.of("accessToken", token));
            assertThat(response.status()).isEqualTo(401);
            assertThat(response.isProblem()).isTrue();
        }
        assertThat(jdbc.sql("SELECT count(*) FROM users WHERE email = :e").param("e", email).query(Integer.class).single()).isZero();
    }
}
