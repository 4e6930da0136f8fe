package dev.symbia.identity.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.symbia.identity.support.Http;
import dev.symbia.identity.support.IdentityTestBase;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Malformed or invalid input to every endpoint is a 4xx problem+json, never a 500 or a stack trace. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputTests extends IdentityTestBase {

    private static final String UUID0 = "00000000-0000-0000-0000-000000000000";
    private User admin;
    private String rootToken;

    @BeforeAll
    void users() {
        admin = register(unique("bad-input"), "Bad Input Org");
        rootToken = superAdmin().token();
    }

    Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        // method, path, body (raw JSON), who ("anon" | "user" | "root"), expected status
        for (String path : List.of("/api/auth/register", "/api/auth/login", "/api/auth/refresh", "/api/auth/forgot-password",
                "/api/auth/reset-password", "/api/auth/agent/login", "/api/auth/service-token", "/api/auth/supabase",
                "/api/auth/logout", "/api/auth/introspect")) {
            cases.add(Arguments.of("POST", path, "{not json", "anon", 400));
        }
        for (String path : List.of("/api/auth/register", "/api/auth/login", "/api/auth/refresh", "/api/auth/forgot-password",
                "/api/auth/reset-password", "/api/auth/agent/login", "/api/auth/service-token", "/api/auth/supabase")) {
            cases.add(Arguments.of("POST", path, "{}", "anon", 400));
        }
        cases.add(Arguments.of("POST", "/api/auth/register", "{\"email\":\"nope\",\"password\":\"short\",\"name\":\"\"}", "anon", 400));
        cases.add(Arguments.of("POST", "/api/auth/register", "{\"email\":\"a@b.c\",\"password\":\"" + "é".repeat(60)
                + "\",\"name\":\"x\"}", "anon", 400));
        cases.add(Arguments.of("POST", "/api/auth/register", "[1,2,3]", "anon", 400));
        cases.add(Arguments.of("POST", "/api/auth/login", "{\"email\":\"a@b.c\",\"password\":\"" + "é".repeat(90) + "\"}", "anon", 401));
        cases.add(Arguments.of("POST", "/api/auth/agent/login", "{\"agentId\":\"agent:x\",\"credential\":\"" + "é".repeat(90) + "\"}", "anon", 401));
        cases.add(Arguments.of("POST", "/api/users/me/password", "{\"currentPassword\":\"" + "é".repeat(90)
                + "\",\"newPassword\":\"" + "é".repeat(60) + "\"}", "user", 400));
        cases.add(Arguments.of("POST", "/api/auth/forgot-password", "{\"email\":\"not-an-email\"}", "anon", 400));
        // A NUL reached PostgreSQL as an invalid byte sequence (issue 20, D1): refused before any handler runs.
        cases.add(Arguments.of("POST", "/api/auth/login", "{\"email\":\"x\\u0000y@a.b\",\"password\":\"x\"}", "anon", 400));
        cases.add(Arguments.of("POST", "/api/auth/agent/login", "{\"agentId\":\"agent:\\u0000\",\"credential\":\"x\"}", "anon", 400));
        cases.add(Arguments.of("POST", "/api/orgs", "{\"name\":\"Nul\\u0000Org\"}", "user", 400));
        cases.add(Arguments.of("POST", "/api/api-keys", "{\"name\":\"k\\u0000\"}", "user", 400));
        cases.add(Arguments.of("GET", "/api/api-keys?x=%ff", null, "user", 400));
        cases.add(Arguments.of("GET", "/api/audit?action=%00", null, "user", 400));
        cases.add(Arguments.of("GET", "/api/api-keys/%00", null, "user", 400));
        cases.add(Arguments.of("POST", "/api/auth/reset-password", "{\"token\":\"abc\",\"password\":\"valid password\"}", "anon", 400));
        cases.add(Arguments.of("POST", "/api/auth/agent/register", "{\"agentId\":\"UPPER CASE\",\"credential\":\"short\",\"name\":\"x\"}", "user", 400));
        cases.add(Arguments.of("POST", "/api/auth/agent/register", "{}", "user", 400));
        cases.add(Arguments.of("POST", "/api/users/me/password", "{}", "user", 400));
        cases.add(Arguments.of("POST", "/api/orgs", "{}", "user", 400));
        cases.add(Arguments.of("POST", "/api/orgs", "{\"name\":\"" + "x".repeat(101) + "\"}", "user", 400));
        cases.add(Arguments.of("GET", "/api/orgs/not-a-uuid", null, "user", 400));
        cases.add(Arguments.of("POST", "/api/orgs/ORG/members/invite", "{\"email\":\"x\",\"role\":\"god\"}", "user", 400));
        cases.add(Arguments.of("PATCH", "/api/orgs/ORG/members/" + UUID0, "{\"role\":\"god\"}", "user", 400));
        cases.add(Arguments.of("PATCH", "/api/orgs/ORG/members/" + UUID0, "{\"role\":\"member\"}", "user", 404));
        cases.add(Arguments.of("DELETE", "/api/orgs/ORG/members/nope", null, "user", 400));
        cases.add(Arguments.of("POST", "/api/api-keys", "{\"name\":\"\"}", "user", 400));
        cases.add(Arguments.of("POST", "/api/api-keys", "{\"name\":\"x\",\"expiresAt\":\"yesterday\"}", "user", 400));
        cases.add(Arguments.of("POST", "/api/api-keys", "{\"name\":\"x\",\"scopes\":\"cap:a.b\"}", "user", 400));
        cases.add(Arguments.of("GET", "/api/api-keys/12", null, "user", 400));
        cases.add(Arguments.of("POST", "/api/api-keys/" + UUID0 + "/revoke", null, "user", 404));
        cases.add(Arguments.of("POST", "/api/credentials", "{\"provider\":\"Bad Provider!\",\"name\":\"x\",\"apiKey\":\"y\"}", "user", 400));
        cases.add(Arguments.of("POST", "/api/credentials", "{\"provider\":\"openai\",\"name\":\"x\"}", "user", 400));
        cases.add(Arguments.of("DELETE", "/api/credentials/" + UUID0, null, "user", 404));
        cases.add(Arguments.of("GET", "/api/audit?limit=0", null, "user", 400));
        cases.add(Arguments.of("GET", "/api/audit?limit=100000", null, "user", 400));
        cases.add(Arguments.of("GET", "/api/audit?since=garbage", null, "user", 400));
        cases.add(Arguments.of("GET", "/api/audit?orgId=nope", null, "user", 400));
        cases.add(Arguments.of("POST", "/api/agents/nope/deactivate", null, "user", 400));
        cases.add(Arguments.of("POST", "/api/admin/users/" + UUID0 + "/grants", "{}", "root", 400));
        cases.add(Arguments.of("POST", "/api/admin/users/" + UUID0 + "/grants", "{\"grant\":\"cap:a.b\"}", "root", 404));
        cases.add(Arguments.of("DELETE", "/api/admin/users/" + UUID0 + "/grants/cap:a.b", null, "root", 404));
        cases.add(Arguments.of("GET", "/api/agents", null, "root-bad-org", 400));
        cases.add(Arguments.of("GET", "/api/credentials", null, "root-bad-org", 400));
        cases.add(Arguments.of("POST", "/api/api-keys", "{\"name\":\"x\"}", "root-bad-org", 400));
        cases.add(Arguments.of("GET", "/api/audit", null, "root-bad-org", 400));
        cases.add(Arguments.of("POST", "/api/credentials", "{\"provider\":\"openai\",\"name\":\"x\",\"apiKey\":\"secret-value\"}",
                "root-no-such-org", 404));
        cases.add(Arguments.of("POST", "/api/api-keys", "{\"name\":\"x\"}", "root-no-such-org", 404));
        cases.add(Arguments.of("POST", "/api/auth/agent/register", "{\"agentId\":\"agent:nowhere\",\"credential\":\""
                + "c".repeat(40) + "\",\"name\":\"x\"}", "root-no-such-org", 404));
        cases.add(Arguments.of("GET", "/api/auth/me", null, "anon", 401));
        cases.add(Arguments.of("PUT", "/api/auth/login", "{}", "anon", 405));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1} {2} as {3} → {4}")
    @MethodSource("cases")
    void answersWithAProblem(String method, String path, String body, String who, int expected) {
        List<String> headers = new ArrayList<>();
        if (who.equals("user")) {
            headers.addAll(List.of("Authorization", "Bearer " + admin.token()));
        } else if (who.startsWith("root")) {
            headers.addAll(List.of("Authorization", "Bearer " + rootToken));
            if (who.equals("root-bad-org")) {
                headers.addAll(List.of("X-Org-Id", "not-an-org-id"));
            } else if (who.equals("root-no-such-org")) {
                headers.addAll(List.of("X-Org-Id", UUID0));
            }
        }
        Http.Response response = http().send(method, path.replace("ORG", admin.orgId()), body, headers.toArray(String[]::new));
        assertThat(response.status()).as(response.body()).isEqualTo(expected);
        assertThat(response.isProblem()).as("problem+json").isTrue();
        assertThat(response.body()).contains("\"status\":" + expected).contains("\"code\":")
                .doesNotContain("Exception").doesNotContain("at dev.symbia").doesNotContain("SQL");
    }

    @ParameterizedTest(name = "wrong content type on {0}")
    @MethodSource("jsonEndpoints")
    void wrongContentTypeIs415(String path) {
        Http.Response response = http().send("POST", path, null, "Content-Type", "text/plain");
        assertThat(response.status()).isIn(400, 415);
        assertThat(response.isProblem()).isTrue();
    }

    Stream<String> jsonEndpoints() {
        return Stream.of("/api/auth/register", "/api/auth/login", "/api/auth/refresh");
    }
}
