package dev.symbia.identity.account;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.SignedJWT;
import dev.symbia.identity.support.Http;
import dev.symbia.identity.support.IdentityTestBase;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The token the operator assistant acts with: the user's own rights in one org, short-lived, assistants only. */
class ActingTokenTests extends IdentityTestBase {

    private Http.Response issue(Object body, String token) {
        return http().post("/api/internal/acting-tokens", body, Http.bearer(token));
    }

    @Test
    void carriesExactlyTheUsersRightsInThatOneOrg() throws Exception {
        User admin = register(unique("acting-admin"), "Acting Org");
        User member = join(admin, admin.orgId(), register(unique("acting-member"), "Member Own Org"), "member");
        Http.Response issued = issue(Map.of("userId", member.id(), "orgId", admin.orgId()), serviceToken("assistants"));
        assertThat(issued.status()).isEqualTo(200);
        var claims = SignedJWT.parse(issued.json().path("token").asString()).getJWTClaimsSet();
        assertThat(claims.getSubject()).isEqualTo(member.id());
        assertThat(claims.getStringClaim("org")).isEqualTo(admin.orgId());
        assertThat(claims.getJSONObjectClaim("orgs")).containsOnlyKeys(admin.orgId());
        assertThat(claims.getStringListClaim("caps")).contains("cap:catalog.read")
                .doesNotContain("cap:integrations.deploy");
        assertThat(claims.getBooleanClaim("sa")).isFalse();
        assertThat(issued.json().path("expiresIn").asLong()).isLessThanOrEqualTo(300);
        // the token works as the member, in that org, with the member's rights
        Http.Response me = http().get("/api/auth/me", Http.bearer(issued.json().path("token").asString()));
        assertThat(me.status()).isEqualTo(200);
    }

    @Test
    void onlyTheAssistantsAndRuntimeServicesMayAskAndOnlyForMembers() {
        User admin = register(unique("acting-guard"), "Acting Guard Org");
        User outsider = register(unique("acting-outsider"), "Outsider Org");
        Map<String, Object> body = Map.of("userId", admin.id(), "orgId", admin.orgId());
        assertThat(issue(body, admin.token()).status()).as("a user").isEqualTo(403);
        assertThat(issue(body, serviceToken("messaging")).status()).as("another service").isEqualTo(403);
        assertThat(issue(body, serviceToken("runtime")).status()).as("runtime, for a graph's connector calls").isEqualTo(200);
        assertThat(http().post("/api/internal/acting-tokens", body).status()).as("anonymous").isEqualTo(401);
        String assistants = serviceToken("assistants");
        for (Object bad : List.of(Map.of("userId", "nope", "orgId", admin.orgId()), Map.of("orgId", admin.orgId()),
                Map.of("userId", admin.id(), "orgId", admin.orgId(), "extra", 1))) {
            Http.Response response = issue(bad, assistants);
            assertThat(response.status()).as(bad.toString()).isEqualTo(400);
            assertThat(response.isProblem()).isTrue();
        }
        assertThat(issue(Map.of("userId", outsider.id(), "orgId", admin.orgId()), assistants).status())
                .as("not a member").isEqualTo(404);
        assertThat(issue(Map.of("userId", UUID.randomUUID().toString(), "orgId", admin.orgId()), assistants).status())
                .isEqualTo(404);
    }
}
