package dev.symbia.identity.account;

import static org.assertj.core.api.Assertions.assertThat;

import dev.symbia.identity.support.Http;
import dev.symbia.identity.support.IdentityTestBase;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class AccountFlowTests extends IdentityTestBase {

    @Test
    void registerReturnsUserOrgAndTokensAndSetsTheCookie() {
        String email = unique("reg");
        Http.Response response = http().post("/api/auth/register",
                Map.of("email", email, "password", PASSWORD, "name", "Ada", "orgName", "Ada's Lab"));
        assertThat(response.status()).isEqualTo(201);
        JsonNode body = response.json();
        assertThat(body.path("user").path("email").asString()).isEqualTo(email);
        assertThat(body.path("user").path("isSuperAdmin").asBoolean()).as("SYMBIA_ADMIN_EMAIL made the super admin").isFalse();
        assertThat(body.path("organization").path("slug").asString()).startsWith("ada-s-lab");
        assertThat(body.path("token").asString()).contains(".");
        assertThat(body.path("refreshToken").asString()).startsWith("rt_");
        assertThat(body.toString()).doesNotContain("password");
        String cookie = response.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie).startsWith("token=").contains("HttpOnly").contains("SameSite=Lax").contains("Path=/");
    }

    @Test
    void registerWithoutOrgGivesNullOrganization() {
        Http.Response response = http().post("/api/auth/register",
                Map.of("email", unique("noorg"), "password", PASSWORD, "name", "Bo"));
        assertThat(response.status()).isEqualTo(201);
        assertThat(response.json().path("organization").isNull()).isTrue();
    }

    @Test
    void emailsAreCaseInsensitiveAndUnique() {
        String email = unique("case");
        register(email, null);
        Http.Response duplicate = http().post("/api/auth/register",
                Map.of("email", email.toUpperCase(), "password", PASSWORD, "name", "Dup"));
        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.isProblem()).isTrue();
        assertThat(login(email.toUpperCase(), PASSWORD).email()).isEqualTo(email.toUpperCase());
    }

    @Test
    void loginListsOrganizationsWithRoles() {
        String email = unique("login");
        User user = register(email, "Login Org");
        Http.Response response = http().post("/api/auth/login", Map.of("email", email, "password", PASSWORD));
        assertThat(response.status()).isEqualTo(200);
        JsonNode org = response.json().path("user").path("organizations").get(0);
        assertThat(org.path("id").asString()).isEqualTo(user.orgId());
        assertThat(org.path("role").asString()).isEqualTo("admin");
        assertThat(response.headers().firstValue("Set-Cookie")).hasValueSatisfying(c -> assertThat(c).startsWith("token="));
    }

    @Test
    void wrongPasswordAndUnknownEmailGetTheSameAnswer() {
        String email = unique("enum");
        register(email, null);
        Http.Response wrong = http().post("/api/auth/login", Map.of("email", email, "password", "not the password"));
        Http.Response unknown = http().post("/api/auth/login", Map.of("email", unique("ghost"), "password", "whatever1"));
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(wrong.json().path("detail").asString()).isEqualTo(unknown.json().path("detail").asString())
                .isEqualTo("Invalid email or password");
    }

    @Test
    void passwordsAreBcryptHashedWithCostAtLeastTen() {
        String email = unique("hash");
        register(email, null);
        String hash = jdbc.sql("SELECT password_hash FROM users WHERE email = :e").param("e", email).query(String.class).single();
        assertThat(hash).startsWith("$2").doesNotContain(PASSWORD);
        assertThat(Integer.parseInt(hash.split("\\$")[2])).isGreaterThanOrEqualTo(10);
    }

    @Test
    void meDescribesTheUserFromBearerOrCookie() {
        User user = register(unique("me"), "Me Org");
        JsonNode me = http().get("/api/auth/me", Http.bearer(user.token())).json();
        assertThat(me.path("type").asString()).isEqualTo("user");
        assertThat(me.path("user").path("id").asString()).isEqualTo(user.id());
        assertThat(me.path("organizations").get(0).path("role").asString()).isEqualTo("admin");
        assertThat(me.path("orgId").asString()).isEqualTo(user.orgId());
        assertThat(me.path("capabilities").toString()).contains("cap:identity.manage-users");
        assertThat(http().get("/api/auth/me", "Cookie", "token=" + user.token()).status()).isEqualTo(200);
        assertThat(http().get("/api/auth/me").status()).isEqualTo(401);
    }

    @Test
    void refreshRotatesAndReuseRevokesTheWholeFamily() {
        User user = register(unique("refresh"), null);
        Http.Response first = http().post("/api/auth/refresh", Map.of("refreshToken", user.refreshToken()));
        assertThat(first.status()).isEqualTo(200);
        String second = first.json().path("refreshToken").asString();
        assertThat(second).isNotEqualTo(user.refreshToken());
        assertThat(first.json().path("token").asString()).contains(".");

        Http.Response reuse = http().post("/api/auth/refresh", Map.of("refreshToken", user.refreshToken()));
        assertThat(reuse.status()).isEqualTo(401);
        assertThat(reuse.isProblem()).isTrue();
        assertThat(http().post("/api/auth/refresh", Map.of("refreshToken", second)).status())
                .as("the descendant of a reused token is revoked too").isEqualTo(401);
        assertThat(jdbc.sql("SELECT count(*) FROM audit_log WHERE action = 'refresh_token.reused' AND target_id = :u")
                .param("u", user.id()).query(Integer.class).single()).isEqualTo(1);
    }

    @Test
    void logoutRevokesTheRefreshTokenAndClearsTheCookie() {
        User user = register(unique("logout"), null);
        Http.Response logout = http().post("/api/auth/logout", Map.of("refreshToken", user.refreshToken()));
        assertThat(logout.status()).isEqualTo(200);
        assertThat(logout.headers().firstValue("Set-Cookie")).hasValueSatisfying(c -> assertThat(c).contains("Max-Age=0"));
        assertThat(http().post("/api/auth/refresh", Map.of("refreshToken", user.refreshToken())).status()).isEqualTo(401);
    }

    @Test
    void passwordChangeNeedsTheCurrentPasswordAndEndsSessions() {
        String email = unique("change");
        User user = register(email, null);
        assertThat(http().post("/api/users/me/password", Map.of("currentPassword", "wrong-password", "newPassword", "new password 1"),
                Http.bearer(user.token())).status()).isEqualTo(403);
        assertThat(http().post("/api/users/me/password", Map.of("currentPassword", PASSWORD, "newPassword", "short"),
                Http.bearer(user.token())).status()).isEqualTo(400);
        assertThat(http().post("/api/users/me/password", Map.of("currentPassword", PASSWORD, "newPassword", "new password 1"),
                Http.bearer(user.token())).status()).isEqualTo(200);
        assertThat(http().post("/api/auth/refresh", Map.of("refreshToken", user.refreshToken())).status()).isEqualTo(401);
        assertThat(http().post("/api/auth/login", Map.of("email", email, "password", PASSWORD)).status()).isEqualTo(401);
        assertThat(login(email, "new password 1").id()).isEqualTo(user.id());
    }

    @Test
    void passwordResetTokenIsHashedSingleUseAndWorks() {
        String email = unique("reset");
        User user = register(email, null);
        Http.Response forgot = http().post("/api/auth/forgot-password", Map.of("email", email));
        assertThat(forgot.status()).isEqualTo(202);
        Http.Response unknown = http().post("/api/auth/forgot-password", Map.of("email", unique("nobody")));
        assertThat(unknown.status()).isEqualTo(202);
        assertThat(unknown.json().path("message").asString()).isEqualTo(forgot.json().path("message").asString());

        String token = mailbox.lastToken(email);
        assertThat(token).hasSize(64);
        assertThat(jdbc.sql("SELECT count(*) FROM password_reset_tokens WHERE token_hash = :t").param("t", token)
                .query(Integer.class).single()).as("never stored in plaintext").isZero();

        assertThat(http().post("/api/auth/reset-password", Map.of("token", token, "password", "brand new pass")).status())
                .isEqualTo(200);
        assertThat(http().post("/api/auth/reset-password", Map.of("token", token, "password", "another pass 2")).status())
                .as("single use").isEqualTo(400);
        assertThat(http().post("/api/auth/refresh", Map.of("refreshToken", user.refreshToken())).status()).isEqualTo(401);
        assertThat(login(email, "brand new pass").id()).isEqualTo(user.id());
    }

    @Test
    void expiredResetTokensAreRefused() {
        String email = unique("expired-reset");
        register(email, null);
        http().post("/api/auth/forgot-password", Map.of("email", email));
        String token = mailbox.lastToken(email);
        jdbc.sql("UPDATE password_reset_tokens SET expires_at = now() - interval '1 minute' WHERE user_id = "
                + "(SELECT id FROM users WHERE email = :e)").param("e", email).update();
        assertThat(http().post("/api/auth/reset-password", Map.of("token", token, "password", "brand new pass")).status())
                .isEqualTo(400);
    }

    @Test
    void openApiDocumentsTheEndpointsWithoutTheInjectedPrincipal() {
        JsonNode me = http().get("/docs/openapi.json").json().path("paths").path("/api/auth/me").path("get");
        assertThat(me.isMissingNode()).isFalse();
        assertThat(me.path("parameters").isMissingNode() || me.path("parameters").isEmpty()).isTrue();
    }

    @Test
    void firstSuperAdminComesFromTheEnvironment() {
        User admin = superAdmin();
        JsonNode me = http().get("/api/auth/me", Http.bearer(admin.token())).json();
        assertThat(me.path("user").path("isSuperAdmin").asBoolean()).isTrue();
        assertThat(jdbc.sql("SELECT count(*) FROM users WHERE is_super_admin").query(Integer.class).single()).isEqualTo(1);
    }
}
