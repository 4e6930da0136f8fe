package dev.symbia.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

@SpringBootTest(classes = AuthTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"symbia.auth.public-paths=GET /api/open", "symbia.auth.internal-callers=integrations"})
class SecurityChainTests {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    private String userToken(List<String> pcaps) {
        // Admin of A, viewer of B; default org A.
        var claims = TestKeys.userClaims("u1", "orgA", Map.of("orgA", "admin", "orgB", "viewer"),
                List.copyOf(Roles.orgCapabilities("admin")), pcaps, Instant.now()).build();
        return TestKeys.sign(AuthTestApplication.KEY, claims);
    }

    private String serviceToken(String serviceId) {
        var claims = new com.nimbusds.jwt.JWTClaimsSet.Builder(TestKeys.userClaims(serviceId, null, Map.of(), List.of(),
                null, Instant.now()).build()).claim("typ", "service").claim("email", null).claim("org", null).build();
        return TestKeys.sign(AuthTestApplication.KEY, claims);
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
        String token = userToken(List.of());
        assertThat(get("/api/whoami", "Authorization", "Bearer " + token).body())
                .contains("\"id\":\"u1\"").contains("\"org\":\"orgA\"").contains("ACCESS_TOKEN");
        assertThat(get("/api/whoami", "Cookie", "token=" + token).body()).contains("\"id\":\"u1\"");
    }

    @Test
    void invalidTokensAreRejected() throws Exception {
        String token = userToken(List.of());
        assertProblem(get("/api/whoami", "Authorization", "Bearer " + token + "x"), 401, "unauthenticated");
        String other = TestKeys.sign(TestKeys.newKey("test-key"), TestKeys.userClaims("u1", "orgA", Map.of(), List.of(),
                List.of(), Instant.now()).build());
        assertProblem(get("/api/whoami", "Authorization", "Bearer " + other), 401, "unauthenticated");
    }

    @Test
    void apiKeysAuthenticateByBearerOrHeader() throws Exception {
        assertThat(get("/api/whoami", "X-API-Key", AuthTestApplication.GOOD_API_KEY).body())
                .contains("\"id\":\"key-owner\"").contains("API_KEY");
        assertThat(get("/api/whoami", "Authorization", "Bearer " + AuthTestApplication.GOOD_API_KEY).statusCode())
                .isEqualTo(200);
        assertProblem(get("/api/whoami", "X-API-Key", "sk_" + "1".repeat(64)), 401, "unauthenticated");
    }

    @Test
    void orgHeaderSwitchesOrgAndRecomputesCapabilities() throws Exception {
        String token = userToken(List.of("cap:catalog.publish"));
        String inB = get("/api/whoami", "Authorization", "Bearer " + token, "X-Org-Id", "orgB").body();
        assertThat(inB).contains("\"org\":\"orgB\"").contains("cap:catalog.read").doesNotContain("cap:catalog.admin")
                .as("platform capability kept across orgs").contains("cap:catalog.publish");
        assertProblem(get("/api/whoami", "Authorization", "Bearer " + token, "X-Org-Id", "orgC"), 403, "forbidden");
    }

    @Test
    void capabilityAnnotationIsEnforced() throws Exception {
        String admin = userToken(List.of());
        assertThat(get("/api/publish", "Authorization", "Bearer " + admin).statusCode()).isEqualTo(200);
        assertProblem(get("/api/publish", "Authorization", "Bearer " + admin, "X-Org-Id", "orgB"), 403, "forbidden");
        assertProblem(get("/api/publish", "X-API-Key", AuthTestApplication.GOOD_API_KEY), 403, "forbidden");
    }

    @Test
    void internalEndpointsAcceptOnlyAllowedServices() throws Exception {
        assertProblem(get("/api/internal/ping"), 401, "unauthenticated");
        assertProblem(get("/api/internal/ping", "Authorization", "Bearer " + userToken(List.of())), 403, "forbidden");
        assertProblem(get("/api/internal/ping", "Authorization", "Bearer " + serviceToken("catalog")), 403, "forbidden");
        HttpResponse<String> allowed = get("/api/internal/ping", "Authorization", "Bearer " + serviceToken("integrations"));
        assertThat(allowed.statusCode()).isEqualTo(200);
        assertThat(allowed.body()).contains("\"caller\":\"integrations\"");
    }
}
