package dev.symbia.identity.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.symbia.identity.support.Http;
import dev.symbia.identity.support.IdentityTestBase;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * Every JSON body identity takes is read strictly (libs/web RequestBodies): a field the endpoint does
 * not know is a 400 {@code validation} problem naming it — never silently dropped, so a typo such as
 * {@code "scope"} for {@code "scopes"} cannot widen a key — and nothing is changed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StrictBodiesTests extends IdentityTestBase {

    private User admin;
    private String rootToken;

    @BeforeAll
    void users() {
        admin = register(unique("strict"), "Strict Org");
        rootToken = superAdmin().token();
    }

    Stream<Arguments> bodies() {
        String org = "ORG";
        List<Arguments> cases = new ArrayList<>();
        // path, a body that is valid but for one unknown field, who
        cases.add(Arguments.of("/api/auth/register", "{\"email\":\"strict-new@example.test\",\"password\":\"long enough pw\",\"name\":\"x\",\"bogus\":1}", "anon"));
        cases.add(Arguments.of("/api/auth/login", "{\"email\":\"a@b.c\",\"password\":\"x\",\"bogus\":1}", "anon"));
        cases.add(Arguments.of("/api/auth/refresh", "{\"refreshToken\":\"x\",\"bogus\":1}", "anon"));
        cases.add(Arguments.of("/api/auth/logout", "{\"refreshToken\":\"x\",\"bogus\":1}", "anon"));
        cases.add(Arguments.of("/api/auth/forgot-password", "{\"email\":\"a@b.c\",\"bogus\":1}", "anon"));
        cases.add(Arguments.of("/api/auth/reset-password", "{\"token\":\"x\",\"password\":\"long enough pw\",\"bogus\":1}", "anon"));
        cases.add(Arguments.of("/api/auth/agent/login", "{\"agentId\":\"agent:x\",\"credential\":\"x\",\"bogus\":1}", "anon"));
        cases.add(Arguments.of("/api/auth/service-token", "{\"serviceId\":\"messaging\",\"secret\":\"x\",\"bogus\":1}", "anon"));
        cases.add(Arguments.of("/api/auth/supabase", "{\"accessToken\":\"x\",\"bogus\":1}", "anon"));
        cases.add(Arguments.of("/api/users/me/password", "{\"currentPassword\":\"x\",\"newPassword\":\"long enough pw\",\"bogus\":1}", "user"));
        cases.add(Arguments.of("/api/api-keys", "{\"name\":\"k\",\"scope\":[\"cap:catalog.read\"],\"bogus\":1}", "user"));
        cases.add(Arguments.of("/api/auth/agent/register", "{\"agentId\":\"agent:strict\",\"credential\":\"" + "c".repeat(40)
                + "\",\"name\":\"x\",\"bogus\":1}", "user"));
        cases.add(Arguments.of("/api/orgs", "{\"name\":\"x\",\"bogus\":1}", "user"));
        cases.add(Arguments.of("/api/orgs/" + org + "/members/invite", "{\"email\":\"a@b.c\",\"role\":\"member\",\"bogus\":1}", "user"));
        cases.add(Arguments.of("/api/credentials", "{\"provider\":\"openai\",\"name\":\"x\",\"apiKey\":\"secret\",\"bogus\":1}", "user"));
        cases.add(Arguments.of("/api/admin/users/" + UUID.randomUUID() + "/grants", "{\"grant\":\"cap:a.b\",\"bogus\":1}", "root"));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} as {2}")
    @MethodSource("bodies")
    void anUnknownFieldIsA400NamingIt(String path, String body, String who) {
        String[] headers = switch (who) {
            case "user" -> Http.bearer(admin.token());
            case "root" -> Http.bearer(rootToken);
            default -> new String[0];
        };
        Http.Response response = http().send("POST", path.replace("ORG", admin.orgId()), body, headers);
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.isProblem()).isTrue();
        JsonNode problem = response.json();
        assertThat(problem.path("code").asString()).isEqualTo("validation");
        String field = problem.path("errors").get(0).path("field").asString();
        assertThat(field).isIn("bogus", "scope");
        assertThat(problem.path("detail").asString()).contains("'" + field + "'");
    }

    @ParameterizedTest(name = "PATCH member as {0}")
    @MethodSource("patchers")
    void patchBodiesAreStrictToo(String ignored) {
        Http.Response response = http().send("PATCH", "/api/orgs/" + admin.orgId() + "/members/" + UUID.randomUUID(),
                "{\"role\":\"member\",\"bogus\":1}", Http.bearer(admin.token()));
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.json().path("errors").get(0).path("field").asString()).isEqualTo("bogus");
    }

    Stream<String> patchers() {
        return Stream.of("admin");
    }
}
