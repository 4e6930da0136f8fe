package dev.symbia.identity.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.SignedJWT;
import dev.symbia.identity.support.Http;
import dev.symbia.identity.support.IdentityTestBase;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Assistants as real principals (issue 23): the assistants service gets each assistant's own agent token in an org,
 * the agent provisioned on first use with nothing granted; an org admin sees it and grants it capabilities, and the
 * next token carries exactly those.
 */
class AssistantAgentTests extends IdentityTestBase {

    private Http.Response agentToken(Object body, String token) {
        return http().post("/api/internal/agent-tokens", body, Http.bearer(token));
    }

    private Http.Response grant(String agentRowId, Object body, String token) {
        return http().send("PUT", "/api/agents/" + agentRowId + "/capabilities", body, Http.bearer(token));
    }

    private static List<String> caps(Http.Response issued) throws Exception {
        return SignedJWT.parse(issued.json().path("token").asString()).getJWTClaimsSet().getStringListClaim("caps");
    }

    @Test
    void provisionedWithNothingGrantedThenHoldsExactlyWhatTheAdminGrants() throws Exception {
        User admin = register(unique("asst-admin"), "Assistant Org");
        String assistants = serviceToken("assistants");
        Map<String, Object> body = Map.of("orgId", admin.orgId(), "agentId", "assistant:echo", "name", "Echo");
        Http.Response first = agentToken(body, assistants);
        assertThat(first.status()).isEqualTo(200);
        var claims = SignedJWT.parse(first.json().path("token").asString()).getJWTClaimsSet();
        assertThat(claims.getStringClaim("typ")).isEqualTo("agent");
        assertThat(claims.getStringClaim("agentId")).isEqualTo("assistant:echo");
        assertThat(claims.getStringClaim("org")).isEqualTo(admin.orgId());
        assertThat(claims.getStringListClaim("caps")).isEmpty();
        assertThat(claims.getBooleanClaim("sa")).isFalse();
        assertThat(first.json().path("expiresIn").asLong()).isLessThanOrEqualTo(300);
        String rowId = first.json().path("agent").path("id").asString();
        assertThat(agentToken(body, assistants).json().path("agent").path("id").asString())
                .as("one agent per assistant and org").isEqualTo(rowId);

        // the admin sees it among the org's agents, marked as an assistant, and grants it what it may do
        JsonNode listed = http().get("/api/agents", Http.bearer(admin.token(), "X-Org-Id", admin.orgId())).json();
        JsonNode agent = null;
        for (JsonNode a : listed.path("agents")) {
            if (a.path("id").asString().equals(rowId)) {
                agent = a;
            }
        }
        assertThat(agent).isNotNull();
        assertThat(agent.path("metadata").path("kind").asString()).isEqualTo("assistant");
        Http.Response granted = grant(rowId, Map.of("capabilities", List.of("cap:messaging.write",
                "cap:integrations.execute")), admin.token());
        assertThat(granted.status()).isEqualTo(200);
        assertThat(granted.json().path("capabilities").toString()).contains("cap:messaging.write");
        assertThat(caps(agentToken(body, assistants))).containsExactly("cap:messaging.write", "cap:integrations.execute");
        assertThat(grant(rowId, Map.of("capabilities", List.of()), admin.token()).status()).isEqualTo(200);
        assertThat(caps(agentToken(body, assistants))).as("revoked").isEmpty();

        // the same assistant in another org is another agent, with its own grants
        User other = register(unique("asst-other"), "Other Assistant Org");
        Http.Response elsewhere = agentToken(Map.of("orgId", other.orgId(), "agentId", "assistant:echo"), assistants);
        assertThat(elsewhere.status()).isEqualTo(200);
        assertThat(elsewhere.json().path("agent").path("id").asString()).isNotEqualTo(rowId);

        // it is a member of its org for services that check participants, and never signs in
        assertThat(http().get("/api/internal/orgs/" + admin.orgId() + "/principals/assistant:echo",
                Http.bearer(serviceToken("messaging"))).status()).isEqualTo(200);
        assertThat(http().post("/api/auth/agent/login", Map.of("agentId", "assistant:echo",
                "credential", "x".repeat(40))).status()).isEqualTo(401);

        // deactivated by the admin: no more tokens
        assertThat(http().post("/api/agents/" + rowId + "/deactivate", null, Http.bearer(admin.token())).status())
                .isEqualTo(200);
        Http.Response refused = agentToken(body, assistants);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.isProblem()).isTrue();
    }

    @Test
    void onlyAnAdminOfTheOrgGrantsAndOnlyWhatTheyHold() {
        User admin = register(unique("asst-grant"), "Grant Org");
        Http.Response issued = agentToken(Map.of("orgId", admin.orgId(), "agentId", "assistant:desk"),
                serviceToken("assistants"));
        String rowId = issued.json().path("agent").path("id").asString();
        Map<String, Object> write = Map.of("capabilities", List.of("cap:messaging.write"));
        User member = join(admin, admin.orgId(), register(unique("asst-member"), null), "member");
        assertThat(grant(rowId, write, member.token()).status()).as("a member").isEqualTo(403);
        User stranger = register(unique("asst-stranger"), "Stranger Org");
        assertThat(grant(rowId, write, stranger.token()).status()).as("another org's admin").isEqualTo(404);
        assertThat(http().send("PUT", "/api/agents/" + rowId + "/capabilities", write).status()).as("anonymous")
                .isEqualTo(401);
        assertThat(grant(rowId, Map.of("capabilities", List.of("cap:global.admin")), admin.token()).status())
                .as("a capability the admin does not hold").isEqualTo(403);
        assertThat(grant(UUID.randomUUID().toString(), write, admin.token()).status()).isEqualTo(404);
        for (Object bad : List.of(Map.of(), Map.of("capabilities", "cap:messaging.write"),
                Map.of("capabilities", List.of("not a capability")), Map.of("capabilities", List.of(), "extra", 1))) {
            Http.Response response = grant(rowId, bad, admin.token());
            assertThat(response.status()).as(bad.toString()).isEqualTo(400);
            assertThat(response.isProblem()).isTrue();
        }
        assertThat(grant("nope", write, admin.token()).status()).isEqualTo(400);
    }

    @Test
    void onlyTheAssistantsServiceAsksAndOnlyForAssistants() {
        User admin = register(unique("asst-guard"), "Guard Org");
        Map<String, Object> body = Map.of("orgId", admin.orgId(), "agentId", "assistant:guard");
        assertThat(agentToken(body, admin.token()).status()).as("a user").isEqualTo(403);
        assertThat(agentToken(body, serviceToken("messaging")).status()).as("another service").isEqualTo(403);
        assertThat(agentToken(body, serviceToken("runtime")).status()).as("runtime acts for users, not as assistants")
                .isEqualTo(403);
        assertThat(http().post("/api/internal/agent-tokens", body).status()).as("anonymous").isEqualTo(401);
        String assistants = serviceToken("assistants");
        for (Object bad : List.of(Map.of("orgId", admin.orgId(), "agentId", "agent:not-an-assistant"),
                Map.of("orgId", admin.orgId(), "agentId", "assistant:UPPER"), Map.of("agentId", "assistant:x"),
                Map.of("orgId", "nope", "agentId", "assistant:x"),
                Map.of("orgId", admin.orgId(), "agentId", "assistant:x", "extra", 1))) {
            Http.Response response = agentToken(bad, assistants);
            assertThat(response.status()).as(bad.toString()).isEqualTo(400);
            assertThat(response.isProblem()).isTrue();
        }
        assertThat(agentToken(Map.of("orgId", UUID.randomUUID().toString(), "agentId", "assistant:x"), assistants)
                .status()).as("no such org").isEqualTo(404);
    }

    @Test
    void nobodyRegistersAnAgentNamedLikeAnAssistant() {
        User admin = register(unique("asst-spoof"), "Spoof Org");
        Http.Response response = http().post("/api/auth/agent/register", Map.of("agentId", "assistant:echo",
                "credential", "agent-credential-0123456789abcdef0123", "name", "Fake echo", "capabilities", List.of()),
                Http.bearer(admin.token()));
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.isProblem()).isTrue();
    }
}
