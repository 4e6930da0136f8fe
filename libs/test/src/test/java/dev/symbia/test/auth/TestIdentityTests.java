package dev.symbia.test.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.symbia.test.MutableClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class TestIdentityTests {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final MutableClock clock = new MutableClock(Instant.now());
    private final TestIdentity identity = TestIdentity.create(clock);

    @AfterEach
    void stop() {
        identity.close();
    }

    private boolean verifiesWithPublishedKeys(String token) throws Exception {
        SignedJWT jwt = SignedJWT.parse(token);
        JWKSet served = JWKSet.parse(get("/.well-known/jwks.json").body());
        var key = served.getKeyByKeyId(jwt.getHeader().getKeyID());
        return key != null && jwt.verify(new ECDSAVerifier(((ECKey) key).toECPublicKey()));
    }

    @Test
    void userTokensCarryIdentitysClaimsAndVerifyAgainstTheServedJwks() throws Exception {
        String token = identity.user("u1").member("orgA", "admin").member("orgB", "viewer")
                .platformCaps("cap:catalog.publish").caps("cap:catalog.publish", "cap:catalog.read").token();

        SignedJWT jwt = SignedJWT.parse(token);
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
        assertThat(jwt.getHeader().getKeyID()).isEqualTo(identity.signingKey().getKeyID());
        assertThat(jwt.getHeader().getType().getType()).isEqualTo("JWT");
        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        assertThat(TestIdentity.CLAIM_NAMES).containsAll(claims.getClaims().keySet());
        assertThat(claims.getIssuer()).isEqualTo("symbia-identity");
        assertThat(claims.getSubject()).isEqualTo("u1");
        assertThat(claims.getStringClaim("typ")).isEqualTo("user");
        assertThat(claims.getStringClaim("email")).isEqualTo("u1@example.test");
        assertThat(claims.getStringClaim("org")).as("first org is the default").isEqualTo("orgA");
        assertThat(claims.getJSONObjectClaim("orgs")).containsEntry("orgA", "admin").containsEntry("orgB", "viewer");
        assertThat(claims.getStringListClaim("caps")).containsExactlyInAnyOrder("cap:catalog.publish", "cap:catalog.read");
        assertThat(claims.getStringListClaim("pcaps")).containsExactly("cap:catalog.publish");
        assertThat(claims.getBooleanClaim("sa")).isFalse();
        assertThat(claims.getJWTID()).isNotBlank();
        assertThat(Duration.between(claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant()))
                .isEqualTo(Duration.ofMinutes(15));
        assertThat(verifiesWithPublishedKeys(token)).isTrue();
    }

    @Test
    void agentAndServiceTokensAreShapedAsIdentityMintsThem() throws Exception {
        JWTClaimsSet agent = SignedJWT.parse(identity.agent("a-row-1", "assistant:onboarding", "orgA")
                .caps("cap:messaging.write").token()).getJWTClaimsSet();
        assertThat(agent.getStringClaim("typ")).isEqualTo("agent");
        assertThat(agent.getStringClaim("agentId")).isEqualTo("assistant:onboarding");
        assertThat(agent.getStringClaim("org")).isEqualTo("orgA");
        assertThat(agent.getJSONObjectClaim("orgs")).isEqualTo(Map.of("orgA", "agent"));
        assertThat(agent.getStringListClaim("caps")).containsExactly("cap:messaging.write");
        assertThat(agent.getClaim("email")).isNull();
        assertThat(agent.getClaim("pcaps")).isNull();

        JWTClaimsSet service = SignedJWT.parse(identity.service("messaging").token()).getJWTClaimsSet();
        assertThat(service.getStringClaim("typ")).isEqualTo("service");
        assertThat(service.getSubject()).isEqualTo("messaging");
        assertThat(service.getClaim("org")).isNull();
        assertThat(service.getJSONObjectClaim("orgs")).isEmpty();
        assertThat(Duration.between(service.getIssueTime().toInstant(), service.getExpirationTime().toInstant()))
                .isEqualTo(Duration.ofMinutes(5));

        assertThatThrownBy(() -> identity.service("messaging").member("orgA", "admin"))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void badTokensAreBadInTheWayTheirNameSays() throws Exception {
        var user = identity.user("u1").caps("cap:catalog.read");

        JWTClaimsSet expired = SignedJWT.parse(user.expiredToken()).getJWTClaimsSet();
        assertThat(expired.getExpirationTime().toInstant()).isBefore(clock.instant().minusSeconds(60));
        assertThat(verifiesWithPublishedKeys(user.expiredToken())).as("expired, but genuinely signed").isTrue();

        String wrongKey = user.tokenSignedWithWrongKey();
        assertThat(SignedJWT.parse(wrongKey).getHeader().getKeyID()).isEqualTo(identity.signingKey().getKeyID());
        assertThat(verifiesWithPublishedKeys(wrongKey)).isFalse();

        String tampered = user.tamperedToken();
        assertThat(SignedJWT.parse(tampered).getJWTClaimsSet().getBooleanClaim("sa")).isTrue();
        assertThat(verifiesWithPublishedKeys(tampered)).isFalse();
        String twice = TestIdentity.tamper(tampered);
        assertThat(SignedJWT.parse(twice).getJWTClaimsSet().getSubject()).isEqualTo("u1-forged");
    }

    @Test
    void rotationKeepsOldKeysPublishedUntilRetired() throws Exception {
        String before = identity.user("u1").token();
        String oldKid = identity.signingKey().getKeyID();
        ECKey fresh = identity.rotateKey();
        String after = identity.user("u1").token();

        assertThat(SignedJWT.parse(after).getHeader().getKeyID()).isEqualTo(fresh.getKeyID()).isNotEqualTo(oldKid);
        assertThat(verifiesWithPublishedKeys(before)).isTrue();
        assertThat(verifiesWithPublishedKeys(after)).isTrue();
        String served = get("/.well-known/jwks.json").body();
        assertThat(served).contains(oldKid, fresh.getKeyID()).doesNotContain("\"d\"");

        identity.retireKey(oldKid);
        assertThat(verifiesWithPublishedKeys(before)).isFalse();
        assertThat(identity.publicKey(oldKid)).isEmpty();
        assertThat(identity.requestCount("GET /.well-known/jwks.json")).isEqualTo(4);
    }

    @Test
    void introspectionAnswersLikeIdentity() throws Exception {
        var owner = identity.user("key-owner").caps("cap:catalog.read", "cap:catalog.write");
        String key = owner.apiKey("cap:catalog.read", "cap:catalog.admin");
        assertThat(key).matches("sk_[0-9a-f]{64}");

        JsonNode active = introspect(key);
        assertThat(active.path("active").asBoolean()).isTrue();
        assertThat(active.path("token_type").asString()).isEqualTo("api_key");
        assertThat(active.path("typ").asString()).isEqualTo("user");
        assertThat(active.path("sub").asString()).isEqualTo("key-owner");
        assertThat(active.path("key_id").asString()).isNotBlank();
        assertThat(active.path("caps").toString()).as("scopes never exceed the owner's caps")
                .isEqualTo("[\"cap:catalog.read\"]");
        assertThat(active.path("sa").asBoolean()).isFalse();

        String token = owner.token();
        assertThat(introspect(token).path("token_type").asString()).isEqualTo("Bearer");
        assertThat(introspect(TestIdentity.tamper(token)).path("active").asBoolean()).isFalse();
        assertThat(introspect("sk_" + "0".repeat(64)).path("active").asBoolean()).isFalse();
        clock.advance(Duration.ofMinutes(16));
        assertThat(introspect(token).path("active").asBoolean()).as("expired").isFalse();

        identity.revokeApiKey(key);
        assertThat(introspect(key)).isEqualTo(JSON.readTree("{\"active\":false}"));
        assertThat(post("/api/auth/introspect", "not json", null).body()).contains("\"active\":false");
    }

    @Test
    void serviceTokensOnlyForTheSecretAndKnownServices() throws Exception {
        HttpResponse<String> granted = post("/api/auth/service-token",
                "{\"serviceId\":\"integrations\",\"secret\":\"" + identity.serviceSecret() + "\"}", null);
        assertThat(granted.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(granted.body());
        assertThat(body.path("tokenType").asString()).isEqualTo("Bearer");
        assertThat(body.path("expiresIn").asLong()).isEqualTo(300);
        String token = body.path("token").asString();
        assertThat(SignedJWT.parse(token).getJWTClaimsSet().getStringClaim("typ")).isEqualTo("service");
        assertThat(verifiesWithPublishedKeys(token)).isTrue();

        assertProblem(post("/api/auth/service-token", "{\"serviceId\":\"integrations\",\"secret\":\"wrong\"}", null), 401);
        assertProblem(post("/api/auth/service-token",
                "{\"serviceId\":\"mallory\",\"secret\":\"" + identity.serviceSecret() + "\"}", null), 401);
        assertProblem(post("/api/auth/service-token", "{}", null), 400);
        assertThat(TestIdentity.create().serviceSecret()).as("random per instance").isNotEqualTo(identity.serviceSecret());
    }

    @Test
    void vaultServesAllowedServicesTheUsersKeyThenTheOrgs() throws Exception {
        identity.credential("alice", "orgA", "sambanova", "sn-alice");
        identity.orgCredential("orgA", "sambanova", "sn-org");
        String integrations = "Bearer " + identity.service("integrations").token();

        JsonNode own = JSON.readTree(vault("/alice/sambanova?orgId=orgA", integrations).body());
        assertThat(own.path("apiKey").asString()).isEqualTo("sn-alice");
        assertThat(own.path("isOrgWide").asBoolean()).isFalse();
        JsonNode orgWide = JSON.readTree(vault("/bob/sambanova?orgId=orgA", integrations).body());
        assertThat(orgWide.path("apiKey").asString()).isEqualTo("sn-org");
        assertThat(orgWide.path("isOrgWide").asBoolean()).isTrue();
        assertProblem(vault("/bob/sambanova?orgId=orgB", integrations), 404);
        assertProblem(vault("/alice/huggingface?orgId=orgA", integrations), 404);

        assertProblem(vault("/alice/sambanova?orgId=orgA", null), 401);
        assertProblem(vault("/alice/sambanova?orgId=orgA", "Bearer " + TestIdentity.tamper(integrations.substring(7))), 401);
        assertProblem(vault("/alice/sambanova?orgId=orgA", "Bearer " + identity.service("catalog").token()), 403);
        assertProblem(vault("/alice/sambanova?orgId=orgA", identity.user("alice").bearer()), 403);
    }

    @Test
    void actingTokensAreTheUsersOwnInOneOrgForTheAssistantsServiceOnly() throws Exception {
        // (libs/test alone has no role table: the capabilities are given, as identity would compute them)
        identity.user("carol").member("orgA", "member").member("orgB", "admin")
                .caps("cap:catalog.publish", "cap:catalog.write").superAdmin();
        String assistants = "Bearer " + identity.service("assistants").token();
        HttpResponse<String> issued = post("/api/internal/acting-tokens", "{\"userId\":\"carol\",\"orgId\":\"orgA\"}",
                assistants);
        assertThat(issued.statusCode()).isEqualTo(200);
        var claims = com.nimbusds.jwt.SignedJWT.parse(JSON.readTree(issued.body()).path("token").asString())
                .getJWTClaimsSet();
        assertThat(claims.getSubject()).isEqualTo("carol");
        assertThat(claims.getStringClaim("org")).isEqualTo("orgA");
        assertThat(claims.getJSONObjectClaim("orgs")).containsOnlyKeys("orgA");
        assertThat(claims.getBooleanClaim("sa")).isFalse();
        assertThat(claims.getStringListClaim("caps")).contains("cap:catalog.publish", "cap:catalog.write")
                .doesNotContain("cap:integrations.deploy");

        assertProblem(post("/api/internal/acting-tokens", "{\"userId\":\"carol\",\"orgId\":\"orgC\"}", assistants), 404);
        assertProblem(post("/api/internal/acting-tokens", "{\"userId\":\"carol\",\"orgId\":\"orgA\"}",
                "Bearer " + identity.service("messaging").token()), 403);
        assertProblem(post("/api/internal/acting-tokens", "{\"userId\":\"carol\",\"orgId\":\"orgA\"}", null), 401);
    }

    @Test
    void canPlayDead() throws Exception {
        identity.setAvailable(false);
        assertProblem(get("/.well-known/jwks.json"), 503);
        identity.setAvailable(true);
        assertThat(get("/.well-known/jwks.json").statusCode()).isEqualTo(200);
        assertProblem(get("/api/anything"), 404);
    }

    @Test
    void roleCapabilitiesComeFromLibsAuthOrMustBeGiven() {
        // libs/test itself has no symbia-auth: the role table is not there to read.
        var user = identity.user("u1").member("orgA", "admin");
        assertThatThrownBy(user::token).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("symbia-auth");
        assertThat(user.caps("cap:x.y").capabilities()).containsExactly("cap:x.y");
    }

    @Test
    void sharedInstanceIsOneAndSurvivesClose() {
        TestIdentity shared = TestIdentity.shared();
        shared.close();
        assertThat(TestIdentity.shared()).isSameAs(shared);
        assertThat(shared.url()).startsWith("http://127.0.0.1:");
        assertThat(shared.url()).isNotEqualTo(identity.url());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(identity.url() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> vault(String rest, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(identity.url() + "/api/internal/credentials" + rest));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(identity.url() + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode introspect(String token) throws Exception {
        return JSON.readTree(post("/api/auth/introspect", JSON.writeValueAsString(Map.of("token", token)), null).body());
    }

    private static void assertProblem(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(response.body()).contains("\"status\":" + status);
    }
}
