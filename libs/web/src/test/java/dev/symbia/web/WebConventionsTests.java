package dev.symbia.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.apache.catalina.connector.Connector;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;

/** The conventions every service inherits from symbia-web, checked over real HTTP. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.application.name=webtest", "symbia.service.scaffold=true",
                "symbia.service.description=A test service", "CORS_ALLOWED_ORIGINS=https://app.example.com"})
class WebConventionsTests {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Autowired
    WebServerApplicationContext context;

    @Test
    void tomcatQueuesBurstsAndKeepsTrustedCallersConnectionsAlive() {
        Connector connector = ((TomcatWebServer) context.getWebServer()).getTomcat().getConnector();
        assertThat(connector.getProperty("acceptCount")).isEqualTo(1024);
        assertThat(connector.getProperty("keepAliveTimeout")).isEqualTo(60_000);
        assertThat(connector.getProperty("maxKeepAliveRequests")).isEqualTo(-1);
    }

    @Test
    void validationFailureListsTheFields() throws Exception {
        var response = post("/api/signups", "{\"name\":\"\",\"email\":\"not-an-email\",\"age\":3}");
        assertProblem(response, 400, "validation");
        assertThat(response.body()).contains("\"field\":\"name\"").contains("\"field\":\"email\"").contains("\"field\":\"age\"");
    }

    @Test
    void malformedJsonIsA400ProblemThatDoesNotEchoTheBody() throws Exception {
        var response = post("/api/signups", "{\"name\": \"x\", oops-secret-token");
        assertProblem(response, 400, "malformed-request");
        assertThat(response.body()).doesNotContain("oops-secret-token");
    }

    @Test
    void unknownPathIs404Problem() throws Exception {
        var response = get("/api/nothing-here");
        assertProblem(response, 404, "not-found");
        assertThat(response.body()).contains("No endpoint GET /api/nothing-here.");
    }

    @Test
    void wrongMethodIs405Problem() throws Exception {
        var response = send(HttpRequest.newBuilder(uri("/api/signups")).DELETE());
        assertProblem(response, 405, "method-not-allowed");
    }

    @Test
    void wrongContentTypeIs415Problem() throws Exception {
        var response = send(HttpRequest.newBuilder(uri("/api/signups"))
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("hello")));
        assertProblem(response, 415, "unsupported-media-type");
    }

    @Test
    void badPathVariableIs400Problem() throws Exception {
        assertProblem(get("/api/things/abc"), 400, "validation");
    }

    @Test
    void problemExceptionKeepsItsTypeAndDetail() throws Exception {
        var response = get("/api/things/7");
        assertProblem(response, 404, "not-found");
        assertThat(response.body()).contains("Thing 7 not found").contains("\"instance\":\"/api/things/7\"")
                .contains("\"type\":\"https://symbia.dev/problems/not-found\"");
    }

    @Test
    void unexpectedErrorsNeverLeakTheirMessage() throws Exception {
        var response = get("/api/boom");
        assertProblem(response, 500, "internal");
        assertThat(response.body()).doesNotContain("hunter2").doesNotContain("IllegalStateException").doesNotContain("at dev.");
    }

    @Test
    void anExhaustedConnectionPoolIsA503WithRetryAfterNotA500() throws Exception {
        var response = get("/api/pool-exhausted");
        assertProblem(response, 503, "unavailable");
        assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(response.body()).doesNotContain("Hikari").doesNotContain("pool - ");
    }

    @Test
    void errorsOutsideMvcAreProblemsToo() throws Exception {
        var response = get("/filter-fails");
        assertProblem(response, 500, "internal");
        assertThat(response.body()).doesNotContain("abc123");
    }

    @Test
    void requestIdIsMintedEchoedAndInTheMdc() throws Exception {
        var minted = get("/api/request-id");
        String id = minted.headers().firstValue("X-Request-Id").orElseThrow();
        assertThat(minted.body()).contains("\"mdc\":\"" + id + "\"");

        var kept = send(HttpRequest.newBuilder(uri("/api/request-id")).header("X-Request-Id", "abc-123"));
        assertThat(kept.headers().firstValue("X-Request-Id")).contains("abc-123");
        assertThat(kept.body()).contains("abc-123");

        var replaced = send(HttpRequest.newBuilder(uri("/api/request-id")).header("X-Request-Id", "bad id with spaces"));
        assertThat(replaced.headers().firstValue("X-Request-Id")).hasValueSatisfying(v -> assertThat(v).hasSize(36));
    }

    @Test
    void problemsCarryTheRequestId() throws Exception {
        var response = send(HttpRequest.newBuilder(uri("/api/things/1")).header("X-Request-Id", "trace-me-1"));
        assertThat(response.body()).contains("\"requestId\":\"trace-me-1\"");
    }

    @Test
    void healthAliasesAnswerUp() throws Exception {
        for (String path : new String[] {"/health", "/health/live", "/health/ready"}) {
            var response = get(path);
            assertThat(response.statusCode()).as(path).isEqualTo(200);
            assertThat(response.body()).as(path).isEqualTo("{\"status\":\"UP\"}");
        }
    }

    @Test
    void discoveryDescribesTheServiceAndItsEndpoints() throws Exception {
        var response = get("/api/bootstrap/service");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body())
                .contains("\"service\":\"webtest\"")
                .contains("\"status\":\"scaffold\"")
                .contains("\"description\":\"A test service\"")
                .contains("{\"method\":\"POST\",\"path\":\"/api/signups\"")
                .contains("{\"method\":\"GET\",\"path\":\"/api/things/{id}\"");
    }

    @Test
    void openApiIsServedUnderDocs() throws Exception {
        var response = get("/docs/openapi.json");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"openapi\"").contains("/api/signups");
        assertThat(get("/docs").statusCode()).isIn(200, 302);
    }

    @Test
    void corsAllowsConfiguredAndLocalOriginsOnly() throws Exception {
        var allowed = preflight("https://app.example.com");
        assertThat(allowed.statusCode()).isEqualTo(200);
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).contains("https://app.example.com");
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Credentials")).contains("true");

        var local = preflight("http://localhost:5173");
        assertThat(local.headers().firstValue("Access-Control-Allow-Origin")).contains("http://localhost:5173");

        var refused = preflight("https://evil.example.org");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    private HttpResponse<String> preflight(String origin) throws Exception {
        return send(HttpRequest.newBuilder(uri("/api/signups"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type,authorization"));
    }

    @Test
    void aControlCharacterInAnyJsonStringIsA400NamingTheField() throws Exception {
        var record = post("/api/signups", "{\"name\":\"a\\u0000b\",\"email\":\"a@b.c\",\"age\":30}");
        assertProblem(record, 400, "validation");
        assertThat(record.body()).contains("\"field\":\"name\"").doesNotContain("a\\u0000b");
        var nested = post("/api/notes", "{\"meta\":{\"tags\":[\"ok\",\"bell\\u0007\"]}}");
        assertProblem(nested, 400, "validation");
        assertThat(nested.body()).contains("\"field\":\"meta.tags[1]\"");
        var key = post("/api/notes", "{\"k\\u0000\":1}");
        assertProblem(key, 400, "validation");
        assertThat(post("/api/raw-notes", "{\"k\":\"a\\u0000b\"}").statusCode()).as("an exempted handler").isEqualTo(200);
        // Tabs, line breaks and terminal colours (ESC) are text, not control characters to refuse.
        assertThat(post("/api/notes", "{\"text\":\"line\\none\\ttab\\r\\u001b[31mred\"}").statusCode()).isEqualTo(200);
        // A raw DEL is valid JSON and has no escape to give it away: still refused.
        assertProblem(post("/api/notes", "{\"text\":\"a\u007fb\"}"), 400, "validation");
    }

    @Test
    void badPercentEncodingAndControlCharactersInTheQueryAre400Problems() throws Exception {
        assertProblem(get("/api/search?q=%ff"), 400, "validation");
        var nul = get("/api/search?q=a%00b");
        assertProblem(nul, 400, "validation");
        assertThat(nul.body()).contains("\"field\":\"q\"");
        assertThat(get("/api/search?q=caf%C3%A9+ok").body()).contains("café ok");
    }

    @Test
    void whatTomcatRefusesItselfIsAProblemToo() throws Exception {
        var response = get("/api/things/%00");
        assertProblem(response, 400, "malformed-request");
        assertThat(response.body()).doesNotContain("<html").doesNotContain("Tomcat");
        assertProblem(get("/api/things/%01"), 400, "validation");
    }

    @Test
    void theErrorPathRequestedDirectlyIsA404AndNotDocumented() throws Exception {
        assertProblem(get("/error"), 404, "not-found");
        assertThat(get("/docs/openapi.json").body()).doesNotContain("\"/error\"");
    }

    @Test
    void anUnreachableDatabaseIsA503WithRetryAfter() throws Exception {
        var response = get("/api/database-down");
        assertProblem(response, 503, "unavailable");
        assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
        assertThat(response.body()).doesNotContain("5432").doesNotContain("refused");
    }

    @Test
    void forwardedHeadersFromALoopbackProxyAreHonoured() throws Exception {
        var response = send(HttpRequest.newBuilder(uri("/api/peer")).header("X-Forwarded-For", "203.0.113.9"));
        assertThat(response.body()).contains("203.0.113.9");
    }

    private static void assertProblem(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.body()).contains("\"status\":" + status).contains("\"code\":\"" + code + "\"")
                .contains("\"title\":");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    private HttpResponse<String> post(String path, String json) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }
}
