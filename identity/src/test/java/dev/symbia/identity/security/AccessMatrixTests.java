package dev.symbia.identity.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.symbia.identity.support.Http;
import dev.symbia.identity.support.IdentityTestBase;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * Principal × endpoint: the status every kind of caller gets from each identity endpoint.
 * Principals: anonymous, admin of org A, viewer of A, admin of org B, an agent of A, API keys of
 * A's admin with and without the needed scope, the super admin, and a service (integrations).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccessMatrixTests extends IdentityTestBase {

    private static final List<String> PRINCIPALS =
            List.of("anonymous", "adminA", "viewerA", "adminB", "agentA", "keyWithScope", "keyWithoutScope", "superAdmin", "service");

    /** endpoint → expected status per principal, in {@link #PRINCIPALS} order. */
    private static final Map<String, int[]> EXPECTED = new java.util.LinkedHashMap<>();

    static {
        //                                      anon adminA viewA adminB agent kWith kW/o   SA  service
        EXPECTED.put("GET /api/auth/me",                 new int[] {401, 200, 200, 200, 200, 200, 200, 200, 200});
        EXPECTED.put("GET /api/orgs",                    new int[] {401, 200, 200, 200, 403, 200, 200, 200, 403});
        EXPECTED.put("GET /api/orgs/{A}",                new int[] {401, 200, 200, 404, 403, 200, 200, 200, 403});
        EXPECTED.put("PATCH /api/orgs/{A}/members/{viewer}", new int[] {401, 200, 403, 404, 403, 200, 403, 200, 404});
        EXPECTED.put("GET /api/audit?orgId={A}",         new int[] {401, 200, 403, 404, 403, 200, 403, 200, 404});
        EXPECTED.put("GET /api/api-keys",                new int[] {401, 200, 200, 200, 403, 403, 403, 200, 403});
        EXPECTED.put("GET /api/agents (X-Org-Id A)",     new int[] {401, 200, 200, 403, 403, 200, 200, 200, 403});
        EXPECTED.put("GET /api/credentials (X-Org-Id A)", new int[] {401, 200, 200, 403, 403, 200, 200, 200, 403});
        EXPECTED.put("GET /api/internal/credentials",    new int[] {401, 403, 403, 403, 403, 403, 403, 403, 200});
        EXPECTED.put("GET /api/admin/users/{viewer}/grants", new int[] {401, 403, 403, 403, 403, 403, 403, 200, 403});
        EXPECTED.put("GET /api/auth/agent/me",           new int[] {401, 403, 403, 403, 200, 403, 403, 403, 403});
        EXPECTED.put("POST /api/auth/introspect",        new int[] {200, 200, 200, 200, 200, 200, 200, 200, 200});
        EXPECTED.put("GET /.well-known/jwks.json",       new int[] {200, 200, 200, 200, 200, 200, 200, 200, 200});
    }

    private final Map<String, String> credentials = new HashMap<>();
    private String orgA;
    private String adminAId;
    private String viewerId;
    private String viewerMembership;

    @BeforeAll
    void createPrincipals() {
        User adminA = register(unique("matrix-a"), "Matrix A");
        orgA = adminA.orgId();
        adminAId = adminA.id();
        User viewer = register(unique("matrix-viewer"), null);
        viewerId = viewer.id();
        User viewerA = join(adminA, orgA, viewer, "viewer");
        User adminB = register(unique("matrix-b"), "Matrix B");
        Http.Response agent = http().post("/api/auth/agent/register", Map.of("agentId", "matrix:" + System.nanoTime(),
                "credential", "x".repeat(40), "name", "Matrix agent", "capabilities", List.of("cap:catalog.read")),
                Http.bearer(adminA.token()));
        assertThat(agent.status()).as(agent.body()).isEqualTo(201);
        Http.Response credential = http().post("/api/credentials", Map.of("provider", "openai", "name", "team key",
                "apiKey", "sk-openai-secret-value-123456", "isOrgWide", true), Http.bearer(adminA.token()));
        assertThat(credential.status()).as(credential.body()).isEqualTo(201);
        JsonNode members = http().get("/api/orgs/" + orgA, Http.bearer(adminA.token())).json().path("members");
        for (JsonNode member : members) {
            if (member.path("userId").asString().equals(viewerId)) {
                viewerMembership = member.path("id").asString();
            }
        }
        credentials.put("adminA", adminA.token());
        credentials.put("viewerA", viewerA.token());
        credentials.put("adminB", adminB.token());
        credentials.put("agentA", agent.json().path("token").asString());
        credentials.put("keyWithScope", apiKey(adminA, orgA, List.of("cap:identity.audit", "cap:identity.manage-users")));
        credentials.put("keyWithoutScope", apiKey(adminA, orgA, List.of("cap:catalog.read")));
        credentials.put("superAdmin", superAdmin().token());
        credentials.put("service", serviceToken("integrations"));
    }

    Stream<Arguments> matrix() {
        List<Arguments> cases = new ArrayList<>();
        EXPECTED.forEach((endpoint, statuses) -> {
            for (int i = 0; i < PRINCIPALS.size(); i++) {
                cases.add(Arguments.of(endpoint, PRINCIPALS.get(i), statuses[i]));
            }
        });
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} as {1} → {2}")
    @MethodSource("matrix")
    void statusFor(String endpoint, String principal, int expected) {
        List<String> headers = new ArrayList<>();
        String credential = credentials.get(principal);
        if (credential != null) {
            headers.add("Authorization");
            headers.add("Bearer " + credential);
        }
        Http.Response response = call(endpoint, headers);
        assertThat(response.status()).as("%s as %s: %s", endpoint, principal, response.body()).isEqualTo(expected);
        if (expected >= 400) {
            assertThat(response.isProblem()).as("problem+json").isTrue();
        }
        assertThat(response.body()).doesNotContain("password_hash").doesNotContain("passwordHash")
                .doesNotContain("$2a$");
    }

    private Http.Response call(String endpoint, List<String> headers) {
        return switch (endpoint) {
            case "GET /api/auth/me" -> http().get("/api/auth/me", h(headers));
            case "GET /api/orgs" -> http().get("/api/orgs", h(headers));
            case "GET /api/orgs/{A}" -> http().get("/api/orgs/" + orgA, h(headers));
            case "PATCH /api/orgs/{A}/members/{viewer}" -> http().send("PATCH", "/api/orgs/" + orgA + "/members/"
                    + viewerMembership, Map.of("role", "viewer"), h(headers));
            case "GET /api/audit?orgId={A}" -> http().get("/api/audit?orgId=" + orgA, h(headers));
            case "GET /api/api-keys" -> http().get("/api/api-keys", h(headers));
            case "GET /api/agents (X-Org-Id A)" -> http().get("/api/agents", h(headers, "X-Org-Id", orgA));
            case "GET /api/credentials (X-Org-Id A)" -> http().get("/api/credentials", h(headers, "X-Org-Id", orgA));
            case "GET /api/internal/credentials" -> http().get("/api/internal/credentials/" + adminAId + "/openai?orgId="
                    + orgA, h(headers));
            case "GET /api/admin/users/{viewer}/grants" -> http().get("/api/admin/users/" + viewerId + "/grants", h(headers));
            case "GET /api/auth/agent/me" -> http().get("/api/auth/agent/me", h(headers));
            case "POST /api/auth/introspect" -> http().post("/api/auth/introspect", Map.of("token", "x"), h(headers));
            case "GET /.well-known/jwks.json" -> http().get("/.well-known/jwks.json", h(headers));
            default -> throw new IllegalArgumentException(endpoint);
        };
    }

    private static String[] h(List<String> headers, String... more) {
        List<String> all = new ArrayList<>(headers);
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }
}
