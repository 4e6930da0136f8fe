package dev.symbia.identity.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.SignedJWT;
import dev.symbia.identity.support.Http;
import dev.symbia.identity.support.IdentityTestBase;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class AgentTests extends IdentityTestBase {

    private static final String CREDENTIAL = "agent-credential-0123456789abcdef0123";

    private Http.Response registerAgent(User by, String agentId, List<String> caps) {
        return http().post("/api/auth/agent/register", Map.of("agentId", agentId, "credential", CREDENTIAL,
                "name", "Helper", "capabilities", caps), Http.bearer(by.token()));
    }

    @Test
    void adminRegistersAnAgentThatLogsInWithAnAgentToken() throws Exception {
        User admin = register(unique("agent-admin"), "Agent Org");
        String agentId = "agent:helper-" + System.nanoTime();
        Http.Response created = registerAgent(admin, agentId, List.of("cap:messaging.write"));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.body()).doesNotContain(CREDENTIAL).doesNotContain("credentialHash");

        Http.Response login = http().post("/api/auth/agent/login", Map.of("agentId", agentId, "credential", CREDENTIAL));
        assertThat(login.status()).isEqualTo(200);
        var claims = SignedJWT.parse(login.json().path("token").asString()).getJWTClaimsSet();
        assertThat(claims.getStringClaim("typ")).isEqualTo("agent");
        assertThat(claims.getStringClaim("agentId")).isEqualTo(agentId);
        assertThat(claims.getStringClaim("org")).isEqualTo(admin.orgId());
        assertThat(claims.getStringListClaim("caps")).containsExactly("cap:messaging.write");

        JsonNode me = http().get("/api/auth/me", Http.bearer(login.json().path("token").asString())).json();
        assertThat(me.path("type").asString()).isEqualTo("agent");
        assertThat(me.path("agent").path("agentId").asString()).isEqualTo(agentId);
        JsonNode introspection = http().post("/api/auth/introspect", Map.of("token", login.json().path("token").asString())).json();
        assertThat(introspection.path("agentId").asString()).isEqualTo(agentId);

        assertThat(http().post("/api/auth/agent/login", Map.of("agentId", agentId, "credential", "wrong-" + CREDENTIAL)).status())
                .isEqualTo(401);
        assertThat(registerAgent(admin, agentId, List.of()).status()).as("duplicate agentId").isEqualTo(409);
    }

    @Test
    void agentsGetOnlyCapabilitiesTheAdminHolds() {
        User admin = register(unique("agent-bound"), "Bound Org");
        assertThat(registerAgent(admin, "agent:too-much-" + System.nanoTime(), List.of("cap:global.admin")).status())
                .isEqualTo(403);
        User viewer = join(admin, admin.orgId(), register(unique("agent-viewer"), null), "viewer");
        assertThat(registerAgent(viewer, "agent:by-viewer-" + System.nanoTime(), List.of()).status())
                .as("only org admins register agents").isEqualTo(403);
        assertThat(http().post("/api/auth/agent/register", Map.of("agentId", "agent:anon", "credential", CREDENTIAL,
                "name", "x", "capabilities", List.of())).status()).as("no self-registration").isEqualTo(401);
    }

    @Test
    void deactivatedAgentsCannotLogInAndTheirTokensIntrospectInactive() {
        User admin = register(unique("agent-off"), "Off Org");
        String agentId = "agent:off-" + System.nanoTime();
        Http.Response created = registerAgent(admin, agentId, List.of());
        String id = created.json().path("agent").path("id").asString();
        String token = created.json().path("token").asString();
        User other = register(unique("agent-other"), "Other Org");
        assertThat(http().post("/api/agents/" + id + "/deactivate", null, Http.bearer(other.token())).status())
                .as("another org's agent").isEqualTo(404);
        assertThat(http().post("/api/agents/" + id + "/deactivate", null, Http.bearer(admin.token())).status()).isEqualTo(200);
        assertThat(http().post("/api/auth/agent/login", Map.of("agentId", agentId, "credential", CREDENTIAL)).status())
                .isEqualTo(401);
        assertThat(http().post("/api/auth/introspect", Map.of("token", token)).json().path("active").asBoolean()).isFalse();
        assertThat(http().get("/api/agents", Http.bearer(admin.token())).body()).contains("\"isActive\":false");
    }
}
