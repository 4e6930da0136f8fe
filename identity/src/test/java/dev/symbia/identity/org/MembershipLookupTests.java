package dev.symbia.identity.org;

import static org.assertj.core.api.Assertions.assertThat;

import dev.symbia.identity.support.Http;
import dev.symbia.identity.support.IdentityTestBase;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The internal membership lookup messaging uses to refuse participants from outside the org (issue 20, L1). */
class MembershipLookupTests extends IdentityTestBase {

    private Http.Response lookup(String orgId, String principalId, String token) {
        return http().get("/api/internal/orgs/" + orgId + "/principals/" + principalId, Http.bearer(token));
    }

    @Test
    void answersForMembersAndAgentsOfTheOrgOnly() {
        User admin = register(unique("lookup-admin"), "Lookup Org");
        User member = join(admin, admin.orgId(), register(unique("lookup-member"), null), "member");
        User outsider = register(unique("lookup-outsider"), "Elsewhere Org");
        assertThat(http().post("/api/auth/agent/register", Map.of("agentId", "agent:lookup-helper", "credential",
                "agent-credential-0123456789abcdef0123", "name", "Helper", "capabilities", List.of()), Http.bearer(admin.token()))
                .status()).isEqualTo(201);
        String messaging = serviceToken("messaging");

        Http.Response found = lookup(admin.orgId(), member.id(), messaging);
        assertThat(found.status()).isEqualTo(200);
        assertThat(found.json().path("principalType").asString()).isEqualTo("user");
        assertThat(found.json().path("role").asString()).isEqualTo("member");
        assertThat(lookup(admin.orgId(), "agent:lookup-helper", messaging).json().path("principalType").asString())
                .isEqualTo("agent");

        for (String stranger : List.of(outsider.id(), UUID.randomUUID().toString(), "agent:nowhere")) {
            Http.Response response = lookup(admin.orgId(), stranger, messaging);
            assertThat(response.status()).as(stranger).isEqualTo(404);
            assertThat(response.isProblem()).isTrue();
        }
        assertThat(lookup(outsider.orgId(), "agent:lookup-helper", messaging).status()).as("another org's agent").isEqualTo(404);
    }

    @Test
    void onlyAllowedServicesMayAsk() {
        User admin = register(unique("lookup-guard"), "Guarded Org");
        assertThat(lookup(admin.orgId(), admin.id(), admin.token()).status()).isEqualTo(403);
        assertThat(http().get("/api/internal/orgs/" + admin.orgId() + "/principals/" + admin.id()).status()).isEqualTo(401);
        assertThat(lookup(admin.orgId(), admin.id(), serviceToken("logging")).status()).as("not on the allow-list").isEqualTo(403);
        assertThat(lookup(admin.orgId(), admin.id(), serviceToken("messaging")).status()).isEqualTo(200);
    }
}
