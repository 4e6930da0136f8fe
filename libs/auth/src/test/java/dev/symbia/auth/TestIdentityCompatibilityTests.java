package dev.symbia.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.symbia.test.auth.TestIdentity;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * libs/test's TestIdentity stands in for identity in every service's tests; this checks that what
 * it mints and serves is read by libs/auth exactly as identity's own tokens and answers are.
 */
class TestIdentityCompatibilityTests {

    private final TestIdentity identity = TestIdentity.create();
    private final OkHttpClient http = new OkHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();
    private final AccessTokenVerifier verifier = new AccessTokenVerifier(
            new RemoteJwks(http, identity.jwksUrl(), Duration.ZERO, Duration.ofMinutes(10), Clock.systemUTC()),
            TestIdentity.ISSUER, Duration.ofSeconds(30), Clock.systemUTC());

    @AfterEach
    void stop() {
        identity.close();
    }

    @Test
    void claimNamesAreTokenClaimsNames() {
        assertThat(TestIdentity.CLAIM_NAMES).isEqualTo(TokenClaims.NAMES);
    }

    @Test
    void userTokensBecomeTheUserWithTheRolesCapabilities() throws Exception {
        SymbiaPrincipal user = verifier.verify(identity.user("u1").member("orgA", "member").member("orgB", "admin")
                .platformCaps("cap:catalog.publish").token()).toPrincipal();

        assertThat(user.type()).isEqualTo(PrincipalType.USER);
        assertThat(user.id()).isEqualTo("u1");
        assertThat(user.orgId()).isEqualTo("orgA");
        assertThat(user.orgs()).isEqualTo(Map.of("orgA", "member", "orgB", "admin"));
        Set<String> expected = new LinkedHashSet<>(Roles.orgCapabilities(Roles.MEMBER));
        expected.add("cap:catalog.publish");
        assertThat(user.caps()).isEqualTo(expected);
        assertThat(user.platformCaps()).containsExactly("cap:catalog.publish");
        assertThat(user.email()).isEqualTo("u1@example.test");
        assertThat(user.isOrgAdmin()).isFalse();
        assertThat(user.inOrg("orgB").isOrgAdmin()).isTrue();
        assertThat(user.superAdmin()).isFalse();
        assertThat(verifier.verify(identity.superAdmin("root").token()).superAdmin()).isTrue();
    }

    @Test
    void agentAndServiceTokensBecomeAgentsAndServices() throws Exception {
        SymbiaPrincipal agent = verifier.verify(identity.agent("a-row", "assistant:onboarding", "orgA")
                .caps("cap:messaging.write").token()).toPrincipal();
        assertThat(agent.type()).isEqualTo(PrincipalType.AGENT);
        assertThat(agent.agentId()).isEqualTo("assistant:onboarding");
        assertThat(agent.orgId()).isEqualTo("orgA");
        assertThat(agent.caps()).containsExactly("cap:messaging.write");
        assertThat(agent.platformCaps()).as("fixed caps").isNull();

        SymbiaPrincipal service = verifier.verify(identity.service("messaging").token()).toPrincipal();
        assertThat(service.isService()).isTrue();
        assertThat(service.id()).isEqualTo("messaging");
        assertThat(service.orgId()).isNull();
    }

    @Test
    void badTokensAreRejected() {
        var user = identity.user("u1");
        for (String token : new String[] {user.expiredToken(), user.tamperedToken(), user.tokenSignedWithWrongKey()}) {
            assertThatThrownBy(() -> verifier.verify(token)).isInstanceOf(InvalidTokenException.class);
        }
    }

    @Test
    void rotatedKeysAreFoundThroughTheServedJwks() throws Exception {
        String before = identity.user("u1").token();
        assertThat(verifier.verify(before).subject()).isEqualTo("u1");
        identity.rotateKey();
        assertThat(verifier.verify(identity.user("u2").token()).subject()).isEqualTo("u2");
        assertThat(verifier.verify(before).subject()).as("old key still published").isEqualTo("u1");
    }

    @Test
    void apiKeysIntrospectToTheirPrincipal() throws Exception {
        IntrospectionApiKeyVerifier keys = new IntrospectionApiKeyVerifier(http, identity.url() + "/api/auth/introspect",
                Duration.ofSeconds(30), Clock.systemUTC(), json);
        String key = identity.user("u1").member("orgA", "admin").apiKey("cap:catalog.read", "cap:not.granted");

        SymbiaPrincipal principal = keys.verify(key).orElseThrow();
        assertThat(principal.method()).isEqualTo(AuthMethod.API_KEY);
        assertThat(principal.id()).isEqualTo("u1");
        assertThat(principal.orgId()).isEqualTo("orgA");
        assertThat(principal.caps()).containsExactly("cap:catalog.read");
        assertThat(principal.credentialId()).isNotBlank();
        assertThat(keys.verify("sk_" + "2".repeat(64))).isEmpty();
    }

    @Test
    void serviceTokenClientGetsAServiceTokenOnlyWithTheSecret() throws Exception {
        ServiceTokenClient client = new ServiceTokenClient(http, identity.url(), "integrations", identity.serviceSecret(),
                Clock.systemUTC(), json);
        SymbiaPrincipal service = verifier.verify(client.token()).toPrincipal();
        assertThat(service.isService()).isTrue();
        assertThat(service.id()).isEqualTo("integrations");

        ServiceTokenClient wrong = new ServiceTokenClient(http, identity.url(), "integrations", "not-the-secret",
                Clock.systemUTC(), json);
        assertThatThrownBy(wrong::token).isInstanceOf(AuthUnavailableException.class);
    }
}
