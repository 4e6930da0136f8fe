package dev.symbia.identity.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.symbia.identity.support.Http;
import dev.symbia.identity.support.IdentityTestBase;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class AuditTests extends IdentityTestBase {

    @Test
    void orgAdminsReadTheirOrgsEventsPaginated() {
        User admin = register(unique("audit"), "Audit Org");
        User member = join(admin, admin.orgId(), register(unique("audit-m"), null), "member");
        http().post("/api/api-keys", Map.of("name", "k"), Http.bearer(admin.token()));

        JsonNode page = http().get("/api/audit?orgId=" + admin.orgId() + "&limit=2", Http.bearer(admin.token())).json();
        assertThat(page.path("items")).hasSize(2);
        assertThat(page.path("hasMore").asBoolean()).isTrue();
        JsonNode next = http().get("/api/audit?orgId=" + admin.orgId() + "&limit=2&offset=2", Http.bearer(admin.token())).json();
        assertThat(next.path("items").get(0).path("id").asString()).isNotEqualTo(page.path("items").get(0).path("id").asString());

        JsonNode filtered = http().get("/api/audit?action=member.invited", Http.bearer(admin.token())).json();
        assertThat(filtered.path("items")).hasSize(1);
        assertThat(filtered.path("items").get(0).path("targetId").asString()).isEqualTo(member.id());
        assertThat(filtered.path("items").get(0).path("orgId").asString()).isEqualTo(admin.orgId());

        assertThat(http().get("/api/audit", Http.bearer(member.token())).status()).as("members are not auditors").isEqualTo(403);
        User other = register(unique("audit-other"), "Audit Other");
        assertThat(http().get("/api/audit?orgId=" + admin.orgId(), Http.bearer(other.token())).status()).isEqualTo(404);
        assertThat(http().get("/api/audit", Http.bearer(other.token())).body()).doesNotContain(member.id());
    }

    @Test
    void superAdminsSeePlatformEventsIncludingFailedLogins() {
        String email = unique("audit-fail");
        User user = register(email, null);
        http().post("/api/auth/login", Map.of("email", email, "password", "wrong password"));
        JsonNode all = http().get("/api/audit?all=true&action=user.login_failed&actorId=" + user.id(),
                Http.bearer(superAdmin().token())).json();
        assertThat(all.path("items")).hasSize(1);
        assertThat(all.toString()).doesNotContain("wrong password");
        assertThat(http().get("/api/audit?all=true", Http.bearer(user.token())).status()).isEqualTo(400);
    }
}
