package dev.symbia.identity.org;

import static org.assertj.core.api.Assertions.assertThat;

import dev.symbia.identity.support.Http;
import dev.symbia.identity.support.IdentityTestBase;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class OrgTests extends IdentityTestBase {

    private String membershipOf(User admin, String orgId, String userId) {
        for (JsonNode member : http().get("/api/orgs/" + orgId, Http.bearer(admin.token())).json().path("members")) {
            if (member.path("userId").asString().equals(userId)) {
                return member.path("id").asString();
            }
        }
        throw new AssertionError("not a member");
    }

    @Test
    void createListAndReadOrgsWithoutPasswordHashes() {
        User user = register(unique("orgs"), null);
        Http.Response created = http().post("/api/orgs", Map.of("name", "Acme Robotics"), Http.bearer(user.token()));
        assertThat(created.status()).isEqualTo(201);
        String orgId = created.json().path("organization").path("id").asString();
        assertThat(created.json().path("organization").path("slug").asString()).startsWith("acme-robotics");
        User again = login(user.email(), PASSWORD);
        assertThat(http().get("/api/orgs", Http.bearer(again.token())).json().path("organizations").get(0).path("id").asString())
                .isEqualTo(orgId);
        Http.Response detail = http().get("/api/orgs/" + orgId, Http.bearer(again.token()));
        assertThat(detail.json().path("members").get(0).path("email").asString()).isEqualTo(user.email());
        assertThat(detail.body()).doesNotContain("$2a$").doesNotContainIgnoringCase("password");
    }

    @Test
    void chosenSlugMustBeFree() {
        User user = register(unique("slug"), null);
        String slug = "slug-" + System.nanoTime();
        assertThat(http().post("/api/orgs", Map.of("name", "One", "slug", slug), Http.bearer(user.token())).status()).isEqualTo(201);
        assertThat(http().post("/api/orgs", Map.of("name", "Two", "slug", slug), Http.bearer(user.token())).status()).isEqualTo(409);
        assertThat(http().post("/api/orgs", Map.of("name", "Bad", "slug", "Not A Slug!"), Http.bearer(user.token())).status())
                .isEqualTo(400);
    }

    @Test
    void anotherOrgAnswers404NeverItsData() {
        User a = register(unique("cross-a"), "Cross A");
        User b = register(unique("cross-b"), "Cross B");
        Http.Response response = http().get("/api/orgs/" + a.orgId(), Http.bearer(b.token()));
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.body()).doesNotContain(a.email());
        assertThat(http().get("/api/orgs/00000000-0000-0000-0000-000000000000", Http.bearer(b.token())).status()).isEqualTo(404);
        assertThat(http().post("/api/orgs/" + a.orgId() + "/members/invite", Map.of("email", b.email(), "role", "admin"),
                Http.bearer(b.token())).status()).isEqualTo(404);
        assertThat(http().get("/api/orgs/" + a.orgId(), Http.bearer(b.token(), "X-Org-Id", a.orgId())).status())
                .as("naming another org in X-Org-Id").isEqualTo(403);
    }

    @Test
    void inviteChangeRoleAndRemoveMembers() {
        User admin = register(unique("inv-admin"), "Invite Org");
        User member = register(unique("inv-member"), null);
        User joined = join(admin, admin.orgId(), member, "member");
        assertThat(joined.orgId()).isEqualTo(admin.orgId());
        assertThat(http().post("/api/orgs/" + admin.orgId() + "/members/invite", Map.of("email", member.email(), "role", "member"),
                Http.bearer(admin.token())).status()).as("already a member").isEqualTo(409);
        assertThat(http().post("/api/orgs/" + admin.orgId() + "/members/invite", Map.of("email", unique("nobody"), "role", "member"),
                Http.bearer(admin.token())).status()).as("unknown user").isEqualTo(404);
        assertThat(http().post("/api/orgs/" + admin.orgId() + "/members/invite", Map.of("email", member.email(), "role", "owner"),
                Http.bearer(admin.token())).status()).as("unknown role").isEqualTo(400);

        String membership = membershipOf(admin, admin.orgId(), member.id());
        Http.Response promote = http().send("PATCH", "/api/orgs/" + admin.orgId() + "/members/" + membership,
                Map.of("role", "admin"), Http.bearer(admin.token()));
        assertThat(promote.status()).isEqualTo(200);
        assertThat(promote.json().path("member").path("role").asString()).isEqualTo("admin");
        assertThat(http().send("DELETE", "/api/orgs/" + admin.orgId() + "/members/" + membership, null,
                Http.bearer(admin.token())).status()).isEqualTo(204);
        assertThat(jdbc.sql("SELECT count(*) FROM audit_log WHERE org_id = CAST(:o AS uuid) AND action IN "
                + "('member.invited','member.role_updated','member.removed')").param("o", admin.orgId())
                .query(Integer.class).single()).isEqualTo(3);
    }

    @Test
    void theLastAdminCanBeNeitherDemotedNorRemoved() {
        User admin = register(unique("last"), "Last Admin Org");
        String membership = membershipOf(admin, admin.orgId(), admin.id());
        assertThat(http().send("PATCH", "/api/orgs/" + admin.orgId() + "/members/" + membership, Map.of("role", "member"),
                Http.bearer(admin.token())).status()).isEqualTo(409);
        assertThat(http().send("DELETE", "/api/orgs/" + admin.orgId() + "/members/" + membership, null,
                Http.bearer(admin.token())).status()).isEqualTo(409);
    }

    @Test
    void viewersCannotManageButCanLeave() {
        User admin = register(unique("leave-admin"), "Leave Org");
        User viewer = join(admin, admin.orgId(), register(unique("leave-viewer"), null), "viewer");
        String adminMembership = membershipOf(admin, admin.orgId(), admin.id());
        assertThat(http().send("DELETE", "/api/orgs/" + admin.orgId() + "/members/" + adminMembership, null,
                Http.bearer(viewer.token())).status()).isEqualTo(403);
        String own = membershipOf(admin, admin.orgId(), viewer.id());
        assertThat(http().send("DELETE", "/api/orgs/" + admin.orgId() + "/members/" + own, null,
                Http.bearer(viewer.token())).status()).isEqualTo(204);
    }

    @Test
    void superAdminGrantsCapabilitiesThatReachTokens() throws Exception {
        User user = register(unique("grant"), null);
        User root = superAdmin();
        assertThat(http().post("/api/admin/users/" + user.id() + "/grants", Map.of("grant", "role:publisher"),
                Http.bearer(root.token())).status()).isEqualTo(200);
        assertThat(http().post("/api/admin/users/" + user.id() + "/grants", Map.of("grant", "superuser"),
                Http.bearer(root.token())).status()).isEqualTo(400);
        User again = login(user.email(), PASSWORD);
        var claims = com.nimbusds.jwt.SignedJWT.parse(again.token()).getJWTClaimsSet();
        assertThat(claims.getStringListClaim("caps")).contains("cap:catalog.publish");
        assertThat(claims.getStringListClaim("pcaps")).contains("cap:catalog.publish");
        assertThat(http().post("/api/admin/users/" + user.id() + "/grants", Map.of("grant", "cap:catalog.admin"),
                Http.bearer(again.token())).status()).as("only super admins grant").isEqualTo(403);
    }
}
