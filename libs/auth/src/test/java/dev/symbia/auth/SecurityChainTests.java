package dev.symbia.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.symbia.test.auth.TestIdentity;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

@SpringBootTest(classes = AuthTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"symbia.auth.public-paths=GET /api/open", "symbia.auth.internal-callers=integrations"})
class SecurityChainTests {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final TestIdentity IDENTITY = TestIdentity.shared();

    @LocalServerPort
    int port;

    /** Admin of A, viewer of B; default org A. */
    private static String userToken(String... pcaps) {
        return IDENTITY.user("u1").member("orgA", "admin").member("orgB", "viewer").platformCaps(pcaps).token();
    }

    private HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertProblem(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.body()).contains("\"status\":" + status).contains("\"code\":\"" + code + "\"");
    }

    @Test
    void anonymousIsRejectedWithProblemJson() throws Exception {
        HttpResponse<String> response = get("/api/whoami");
        assertProblem(response, 401, "unauthenticated");
        assertThat(response.headers().firstValue("WWW-Authenticate")).contains("Bearer");
    }

    @Test
    void aProblemCustomizerAdaptsTheChainsRefusalsOnItsPathsOnly() throws Exception {
        HttpResponse<String> anonymous = get("/api/dialect/ping", "Authorization", "Bearer garbage");
        assertProblem(anonymous, 401, "unauthenticated");
        assertThat(anonymous.body()).contains("\"dialect\":{").contains("\"reason\":\"The access token is invalid or expired.\"");

        HttpResponse<String> notMember = get("/api/dialect/ping", "Authorization", "Bearer " + userToken(), "X-Org-Id", "orgZ");
        assertProblem(notMember, 403, "forbidden");
        assertThat(notMember.body()).contains("\"dialect\":{\"reason\":\"Not a member of the organization named by X-Org-Id.\",\"status\":403}");

        HttpResponse<String> elsewhere = get("/api/whoami");
        assertProblem(elsewhere, 401, "unauthenticated");
        assertThat(elsewhere.body()).doesNotContain("dialect");
        assertThat(get("/api/dialect/ping", "Authorization", "Bearer " + userToken()).body()).contains("\"id\":\"u1\"");
    }

    @Test
    void publicPathsAndUnknownPathsNeedNoToken() throws Exception {
        assertThat(get("/api/open").body()).contains("\"anonymous\":true");
        assertProblem(get("/api/nothing-here"), 404, "not-found");
        HttpResponse<String> wrongMethod = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/whoami"))
                .DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertProblem(wrongMethod, 405, "method-not-allowed");
        assertThat(get("/api/open", "Authorization", "Bearer garbage").statusCode())
                .as("a bad token does not break a public endpoint").isEqualTo(200);
    }

    @Test
    void bearerAndCookieTokensAuthenticate() throws Exception {
        String token = userToken();
        assertThat(get("/api/whoami", "Authorization", "Bearer " + token).body())
                .contains("\"id\":\"u1\"").contains("\"org\":\"orgA\"").contains("ACCESS_TOKEN");
        assertThat(get("/api/whoami", "Cookie", "token=" + token).body()).contains("\"id\":\"u1\"");
    }

    @Test
    void invalidTokensAreRejected() throws Exception {
        var user = IDENTITY.user("u1").member("orgA", "admin");
        assertProblem(get("/api/whoami", "Authorization", "Bearer " + user.token() + "x"), 401, "unauthenticated");
        assertProblem(get("/api/whoami", "Authorization", "Bearer " + user.tokenSignedWithWrongKey()), 401, "unauthenticated");
        assertProblem(get("/api/whoami", "Authorization", "Bearer " + user.tamperedToken()), 401, "unauthenticated");
        assertProblem(get("/api/whoami", "Authorization", "Bearer " + user.expiredToken()), 401, "unauthenticated");
        TestIdentity stranger = TestIdentity.create();
        assertProblem(get("/api/whoami", "Authorization", "Bearer " + stranger.user("u1").token()), 401, "unauthenticated");
    }

    @Test
    void apiKeysAuthenticateByBearerOrHeader() throws Exception {
        String key = IDENTITY.user("key-owner").member("orgA", "member").apiKey("cap:catalog.read");
        assertThat(get("/api/whoami", "X-API-Key", key).body())
                .contains("\"id\":\"key-owner\"").contains("API_KEY").contains("cap:catalog.read");
        assertThat(get("/api/whoami", "Authorization", "Bearer " + key).statusCode()).isEqualTo(200);
        assertProblem(get("/api/whoami", "X-API-Key", "sk_" + "1".repeat(64)), 401, "unauthenticated");
    }

    @Test
    void identityDownIs503ForAnApiKeyItHasNotSeen() throws Exception {
        String key = IDENTITY.user("key-owner-2").member("orgA", "member").apiKey();
        IDENTITY.setAvailable(false);
        try {
            HttpResponse<String> response = get("/api/whoami", "X-API-Key", key);
            assertProblem(response, 503, "unavailable");
            assertThat(response.headers().firstValue("Retry-After")).isPresent();
        } finally {
            IDENTITY.setAvailable(true);
        }
        assertThat(get("/api/whoami", "X-API-Key", key).statusCode()).isEqualTo(200);
    }

    @Test
    void orgHeaderSwitchesOrgAndRecomputesCapabilities() throws Exception {
        String token = userToken("cap:catalog.publish");
        String inB = get("/api/whoami", "Authorization", "Bearer " + token, "X-Org-Id", "orgB").body();
        assertThat(inB).contains("\"org\":\"orgB\"").contains("cap:catalog.read").doesNotContain("cap:catalog.admin")
                .as("platform capability kept across orgs").contains("cap:catalog.publish");
        assertProblem(get("/api/whoami", "Authorization", "Bearer " + token, "X-Org-Id", "orgC"), 403, "forbidden");
    }

    @Test
    void capabilityAnnotationIsEnforced() throws Exception {
        String admin = userToken();
        assertThat(get("/api/publish", "Authorization", "Bearer " + admin).statusCode()).isEqualTo(200);
        assertProblem(get("/api/publish", "Authorization", "Bearer " + admin, "X-Org-Id", "orgB"), 403, "forbidden");
        String key = IDENTITY.user("key-owner").member("orgA", "member").apiKey("cap:catalog.read");
        assertProblem(get("/api/publish", "X-API-Key", key), 403, "forbidden");
        String superAdmin = IDENTITY.superAdmin("root").token();
        assertThat(get("/api/publish", "Authorization", "Bearer " + superAdmin, "X-Org-Id", "orgZ").statusCode())
                .as("super admins pass every check, in any org").isEqualTo(200);
    }

    @Test
    void internalEndpointsAcceptOnlyAllowedServices() throws Exception {
        assertProblem(get("/api/internal/ping"), 401, "unauthenticated");
        assertProblem(get("/api/internal/ping", "Authorization", "Bearer " + userToken()), 403, "forbidden");
        assertProblem(get("/api/internal/ping", "Authorization", IDENTITY.service("catalog").bearer()), 403, "forbidden");
        assertProblem(get("/api/internal/ping", "Authorization", IDENTITY.service("gateway").bearer()), 403, "forbidden");
        assertProblem(get("/api/internal/ping", "Authorization", IDENTITY.agent("a1", "assistant:x", "orgA").bearer()),
                403, "forbidden");
        HttpResponse<String> allowed = get("/api/internal/ping", "Authorization", IDENTITY.service("integrations").bearer());
        assertThat(allowed.statusCode()).isEqualTo(200);
        assertThat(allowed.body()).contains("\"caller\":\"integrations\"");
    }
}
