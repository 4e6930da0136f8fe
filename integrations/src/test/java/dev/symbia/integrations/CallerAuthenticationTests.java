package dev.symbia.integrations;

import static dev.symbia.test.provider.Wire.sambaReply;
import static org.assertj.core.api.Assertions.assertThat;

import dev.symbia.integrations.testing.GatewayTestSupport;
import dev.symbia.test.auth.TestIdentity;
import dev.symbia.test.auth.TestPrincipal;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Who may call what: every endpoint refuses anonymous and forged callers with 401 problem+json,
 * the internal endpoint only serves allow-listed services acting for a named user, and the caller
 * is always the authenticated principal — never a header a client can set.
 */
class CallerAuthenticationTests extends GatewayTestSupport {

    private static final String OPENAI_BODY = "{\"model\":\"sambanova/" + SAMBA_MODEL + "\","
            + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";

    private record Endpoint(String method, String path, String body) {
    }

    private static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint("POST", "/api/execute", chat("", "")),
            new Endpoint("POST", "/api/internal/execute", chat("", "")),
            new Endpoint("POST", "/v1/chat/completions", OPENAI_BODY),
            new Endpoint("GET", "/v1/models", null),
            new Endpoint("GET", "/api/providers", null),
            new Endpoint("GET", "/api/usage", null));

    private HttpResponse<String> call(Endpoint endpoint, Map<String, String> headers) throws Exception {
        return endpoint.method().equals("GET") ? get(endpoint.path(), headers) : post(endpoint.path(), endpoint.body(), headers);
    }

    /** The headers a real caller would send, with this credential (internal calls also name whom they act for). */
    private Map<String, String> with(Endpoint endpoint, String credential) {
        Map<String, String> headers = new HashMap<>();
        if (credential != null) {
            headers.put("Authorization", "Bearer " + credential);
        }
        if (endpoint.path().startsWith("/api/internal/")) {
            headers.put("X-Symbia-User-Id", userId);
            headers.put("X-Org-Id", orgId);
        }
        return headers;
    }

    private static void assertProblem(HttpResponse<String> response, int status, String code, String what) {
        assertThat(response.statusCode()).as("%s: %s", what, response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).as(what).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.body()).as(what).contains("\"code\":\"" + code + "\"");
    }

    @Test
    void anonymousCallersGet401ProblemsEverywhere() throws Exception {
        for (Endpoint endpoint : ENDPOINTS) {
            HttpResponse<String> response = call(endpoint, with(endpoint, null));
            assertProblem(response, 401, "unauthenticated", endpoint.path());
            assertThat(response.headers().firstValue("WWW-Authenticate")).as(endpoint.path()).contains("Bearer");
        }
        assertThat(SAMBANOVA.drainChatRequests()).isEmpty();
    }

    @Test
    void expiredForgedAndForeignCredentialsGet401Everywhere() throws Exception {
        try (TestIdentity stranger = TestIdentity.create()) {
            for (Endpoint endpoint : ENDPOINTS) {
                TestPrincipal principal = endpoint.path().startsWith("/api/internal/")
                        ? IDENTITY.service(CALLING_SERVICE) : user;
                Map<String, String> bad = Map.of(
                        "expired", principal.expiredToken(),
                        "tampered", principal.tamperedToken(),
                        "signed with a wrong key", principal.tokenSignedWithWrongKey(),
                        "from another identity", stranger.user(userId).token(),
                        "unknown API key", "sk_" + "9".repeat(64),
                        "garbage", "not.a.token");
                for (var credential : bad.entrySet()) {
                    assertProblem(call(endpoint, with(endpoint, credential.getValue())), 401, "unauthenticated",
                            endpoint.path() + " with a token " + credential.getKey());
                }
            }
        }
        assertThat(SAMBANOVA.drainChatRequests()).isEmpty();
    }

    @Test
    void internalExecuteRefusesUsersAgentsAndApiKeys() throws Exception {
        Endpoint internal = ENDPOINTS.get(1);
        assertProblem(call(internal, with(internal, user.token())), 403, "forbidden", "user token");
        assertProblem(call(internal, with(internal, IDENTITY.superAdmin("root").token())), 403, "forbidden", "super admin");
        assertProblem(call(internal, with(internal, IDENTITY.agent(UUID.randomUUID().toString(), "assistant:x", orgId)
                .token())), 403, "forbidden", "agent token");
        assertProblem(call(internal, with(internal, user.apiKey())), 403, "forbidden", "API key");
        assertThat(SAMBANOVA.drainChatRequests()).isEmpty();
    }

    @Test
    void internalExecuteServesOnlyAllowListedServices() throws Exception {
        for (String service : List.of("catalog", "identity", "models", "network", "logging", "integrations")) {
            assertProblem(post("/api/internal/execute", chat("", ""), actingFor(IDENTITY.service(service).token())),
                    403, "forbidden", service);
        }
        assertThat(SAMBANOVA.drainChatRequests()).isEmpty();

        for (String service : List.of("messaging", "assistants", "runtime")) {
            SAMBANOVA.stream(sambaReply(SAMBA_MODEL, true, "ok"));
            HttpResponse<String> response = post("/api/internal/execute", chat("", ""),
                    actingFor(IDENTITY.service(service).token()));
            assertThat(response.statusCode()).as(service + ": " + response.body()).isEqualTo(200);
        }
        assertThat(usageRows(3)).extracting(row -> row.get("user_id")).containsOnly(userId);
    }

    @Test
    void internalCallsMustNameAValidUserAndOrg() throws Exception {
        String token = "Bearer " + IDENTITY.service(CALLING_SERVICE).token();
        Map<String, Map<String, String>> cases = Map.of(
                "no user", Map.of("Authorization", token, "X-Org-Id", orgId),
                "no org", Map.of("Authorization", token, "X-Symbia-User-Id", userId),
                "bad user id", Map.of("Authorization", token, "X-Symbia-User-Id", "bob; drop", "X-Org-Id", orgId),
                "bad org id", Map.of("Authorization", token, "X-Symbia-User-Id", userId, "X-Org-Id", "x".repeat(200)));
        for (var entry : cases.entrySet()) {
            HttpResponse<String> response = post("/api/internal/execute", chat("", ""), entry.getValue());
            assertProblem(response, 400, "validation", entry.getKey());
        }
        assertThat(SAMBANOVA.drainChatRequests()).isEmpty();
    }

    @Test
    void publicEndpointsRefuseServicesAndOrglessPrincipals() throws Exception {
        HttpResponse<String> service = post("/api/execute", chat("", ""),
                Map.of("Authorization", IDENTITY.service("messaging").bearer()));
        assertProblem(service, 403, "forbidden", "service token on a public endpoint");

        HttpResponse<String> orgless = post("/api/execute", chat("", ""),
                Map.of("Authorization", IDENTITY.user(UUID.randomUUID().toString()).bearer()));
        assertProblem(orgless, 403, "forbidden", "user without an org");
        assertThat(json(orgless.body()).path("title").asString()).isEqualTo("No organization");

        HttpResponse<String> notMember = get("/v1/models",
                Map.of("Authorization", user.bearer(), "X-Org-Id", UUID.randomUUID().toString()));
        assertProblem(notMember, 403, "forbidden", "X-Org-Id of an org the user is not in");
        assertThat(SAMBANOVA.drainChatRequests()).isEmpty();
    }

    @Test
    void headersCannotImpersonateAnotherUser() throws Exception {
        SAMBANOVA.stream(sambaReply(SAMBA_MODEL, true, "Hi"));
        HttpResponse<String> response = post("/api/execute", chat("", ""),
                Map.of("Authorization", user.bearer(), "X-Symbia-User-Id", "someone-else"));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(usageRows(1).getFirst()).containsEntry("user_id", userId);
    }

    @Test
    void apiKeysWorkOnTheOpenAiSurface() throws Exception {
        String key = user.apiKey();
        SAMBANOVA.stream(sambaReply(SAMBA_MODEL, true, "Hello from a key"));

        HttpResponse<String> completion = post("/v1/chat/completions", OPENAI_BODY, Map.of("Authorization", "Bearer " + key));

        assertThat(completion.statusCode()).as(completion.body()).isEqualTo(200);
        assertThat(json(completion.body()).path("choices").path(0).path("message").path("content").asString())
                .isEqualTo("Hello from a key");
        assertThat(usageRows(1).getFirst()).containsEntry("user_id", userId).containsEntry("surface", "openai");
        JsonNode models = json(get("/v1/models", Map.of("X-API-Key", key)).body());
        assertThat(models.path("data")).isNotEmpty();

        IDENTITY.revokeApiKey(key);
        String fresh = user.apiKey();
        IDENTITY.revokeApiKey(fresh); // never seen by integrations, so not in its 30 s cache
        assertProblem(post("/v1/chat/completions", OPENAI_BODY, Map.of("Authorization", "Bearer " + fresh)), 401,
                "unauthenticated", "revoked key");
    }

    @Test
    void agentsCallAsThemselvesInTheirOrg() throws Exception {
        String agentId = UUID.randomUUID().toString();
        SAMBANOVA.stream(sambaReply(SAMBA_MODEL, true, "Beep"));

        HttpResponse<String> response = post("/api/execute", chat("", ""),
                Map.of("Authorization", IDENTITY.agent(agentId, "assistant:helper", orgId).bearer()));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(usageRows(1).getFirst()).containsEntry("user_id", agentId).containsEntry("org_id", orgId);
    }
}
