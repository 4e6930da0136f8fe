package dev.symbia.test.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.symbia.test.auth.TestIdentity;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;
import org.springframework.http.server.PathContainer;
import org.springframework.util.ClassUtils;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import tools.jackson.databind.json.JsonMapper;

/**
 * What every Symbia service must do from its first day, checked over real HTTP against a real
 * PostgreSQL: migrate its own schema, answer health, docs and discovery, speak problem+json, and —
 * once it uses symbia-auth — refuse its protected endpoints to anonymous and forged callers.
 * A service's test class extends this and adds nothing but its own tests.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class ServiceContractTests {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    protected int port;

    @Value("${spring.application.name}")
    protected String serviceName;

    @Autowired
    protected DataSource dataSource;

    @Autowired
    protected Environment environment;

    @Test
    void migratesItsOwnSchema() throws SQLException {
        try (Connection connection = dataSource.getConnection();
             ResultSet rs = connection.getMetaData().getTables(null, serviceName, "flyway_schema_history", null)) {
            assertThat(rs.next()).as("flyway history in schema %s", serviceName).isTrue();
        }
        try (Connection connection = dataSource.getConnection()) {
            assertThat(connection.getSchema()).isEqualTo(serviceName);
        }
    }

    @Test
    void healthAliasesAnswer() throws Exception {
        for (String path : new String[] {"/health", "/health/live", "/health/ready"}) {
            HttpResponse<String> response = get(path);
            assertThat(response.statusCode()).as(path).isEqualTo(200);
            assertThat(response.body()).as(path).contains("\"UP\"");
        }
    }

    @Test
    void servesOpenApiDocs() throws Exception {
        HttpResponse<String> response = get("/docs/openapi.json");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"openapi\"").contains("/api/bootstrap/service");
    }

    @Test
    void describesItselfInDiscovery() throws Exception {
        HttpResponse<String> response = get("/api/bootstrap/service");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body())
                .contains("\"service\":\"" + serviceName + "\"")
                .contains("\"openapi\":\"/docs/openapi.json\"")
                .contains("\"path\":\"/api/bootstrap/service\"");
    }

    @Test
    void unknownPathIsProblemJson404() throws Exception {
        HttpResponse<String> response = get("/api/definitely-not-here");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.body()).contains("\"status\":404").contains("\"code\":\"not-found\"");
    }

    @Test
    void echoesRequestId() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri("/health"))
                .header("X-Request-Id", "contract-test-1").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.headers().firstValue("X-Request-Id")).contains("contract-test-1");
    }

    /**
     * Every operation in the service's OpenAPI document under {@code /api} that is not declared
     * public ({@code symbia.auth.public-paths}, discovery) answers 401 problem+json without a
     * credential — checked before any handler runs, so the dummy path variables and empty bodies
     * never matter. Skipped while the service has no such endpoint or does not use symbia-auth.
     */
    @Test
    void protectedEndpointsRefuseAnonymousCallers() throws Exception {
        assumeTrue(usesSymbiaAuth(), "the service does not use symbia-auth yet");
        List<Operation> operations = protectedOperations();
        assumeFalse(operations.isEmpty(), "no protected /api endpoint yet");
        for (Operation operation : operations) {
            assertUnauthenticated(operation, send(operation.request(this, null)));
        }
    }

    /**
     * Metrics and info (platform-wide usage, upstream URLs, pool state) are for operators: anonymous 401, a user
     * 403, a service token or a super admin through; health stays public.
     */
    @Test
    void metricsAreForOperatorsOnly() throws Exception {
        assumeTrue(usesSymbiaAuth(), "the service does not use symbia-auth yet");
        assertThat(get("/actuator/health").statusCode()).as("health stays public").isIn(200, 503);
        HttpResponse<String> anonymous = get("/actuator/prometheus");
        assertThat(anonymous.statusCode()).as("anonymous").isEqualTo(401);
        assertProblem(anonymous);
        HttpResponse<String> user = send(HttpRequest.newBuilder(uri("/actuator/prometheus"))
                .header("Authorization", TestIdentity.shared().user("contract-user").bearer()).GET());
        assertProblem(user);
        // identity verifies only the tokens it issues itself (401 here): the rest of this check needs a service
        // that trusts the test identity, which every other service does.
        assumeTrue(user.statusCode() != 401, "the service does not trust the test identity's tokens");
        assertThat(user.statusCode()).as("a user").isEqualTo(403);
        assertThat(send(HttpRequest.newBuilder(uri("/actuator/info"))
                .header("Authorization", TestIdentity.shared().user("contract-user").bearer()).GET()).statusCode())
                .as("info, a user").isIn(403, 404);
        HttpResponse<String> service = send(HttpRequest.newBuilder(uri("/actuator/prometheus"))
                .header("Authorization", TestIdentity.shared().service("integrations").bearer()).GET());
        assertThat(service.statusCode()).as("a service token").isEqualTo(200);
        assertThat(service.body()).contains("jvm_memory_used_bytes");
    }

    /**
     * A validly signed token whose payload was changed afterwards (super admin added) is never
     * accepted and never a 500: public endpoints still answer as for an anonymous caller, unknown
     * paths 404, protected endpoints 401.
     */
    @Test
    void tamperedTokenIsRejectedNeverA500() throws Exception {
        String forged = "Bearer " + TestIdentity.shared().user("contract-user").tamperedToken();

        HttpResponse<String> discovery = send(HttpRequest.newBuilder(uri("/api/bootstrap/service"))
                .header("Authorization", forged).GET());
        assertThat(discovery.statusCode()).as("a bad token does not break a public endpoint").isEqualTo(200);
        HttpResponse<String> unknown = send(HttpRequest.newBuilder(uri("/api/definitely-not-here"))
                .header("Authorization", forged).GET());
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertProblem(unknown);
        if (usesSymbiaAuth()) {
            for (Operation operation : protectedOperations()) {
                assertUnauthenticated(operation, send(operation.request(this, forged)));
            }
        }
    }

    private static boolean usesSymbiaAuth() {
        return ClassUtils.isPresent("dev.symbia.auth.SymbiaAuthAutoConfiguration", ServiceContractTests.class.getClassLoader());
    }

    private static void assertUnauthenticated(Operation operation, HttpResponse<String> response) {
        assertThat(response.statusCode()).as("%s %s: %s", operation.method(), operation.path(), response.body())
                .isEqualTo(401);
        assertProblem(response);
        assertThat(response.body()).as(operation.path()).contains("\"code\":\"unauthenticated\"");
    }

    private static void assertProblem(HttpResponse<String> response) {
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
    }

    /** The documented /api operations that need a credential (all but discovery and declared public ones). */
    protected List<Operation> protectedOperations() throws IOException, InterruptedException {
        HttpResponse<String> docs = get("/docs/openapi.json");
        assertThat(docs.statusCode()).isEqualTo(200);
        List<PublicPath> publicPaths = Binder.get(environment)
                .bind("symbia.auth.public-paths", Bindable.listOf(String.class)).orElse(List.of())
                .stream().map(PublicPath::parse).toList();
        List<Operation> operations = new ArrayList<>();
        JSON.readTree(docs.body()).path("paths").properties().forEach(entry -> {
            String path = entry.getKey().replaceAll("\\{[^}/]+}", "00000000-0000-0000-0000-000000000001");
            if (!path.startsWith("/api/") || path.startsWith("/api/bootstrap/")) {
                return;
            }
            for (String method : List.of("get", "post", "put", "patch", "delete")) {
                String upper = method.toUpperCase(Locale.ROOT);
                if (entry.getValue().has(method) && publicPaths.stream().noneMatch(p -> p.matches(upper, path))) {
                    operations.add(new Operation(upper, path));
                }
            }
        });
        return operations;
    }

    /** One documented operation, with path variables filled in. */
    protected record Operation(String method, String path) {

        HttpRequest.Builder request(ServiceContractTests test, String authorization) {
            HttpRequest.BodyPublisher body = method.equals("GET") || method.equals("DELETE")
                    ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString("{}");
            HttpRequest.Builder request = HttpRequest.newBuilder(test.uri(path)).method(method, body)
                    .header("Content-Type", "application/json");
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            return request;
        }
    }

    /** A {@code symbia.auth.public-paths} entry: {@code "/pattern"} or {@code "METHOD /pattern"}. */
    private record PublicPath(String method, PathPattern pattern) {

        static PublicPath parse(String declaration) {
            String trimmed = declaration.trim();
            int space = trimmed.indexOf(' ');
            return space > 0
                    ? new PublicPath(trimmed.substring(0, space).toUpperCase(Locale.ROOT),
                            PathPatternParser.defaultInstance.parse(trimmed.substring(space + 1).trim()))
                    : new PublicPath(null, PathPatternParser.defaultInstance.parse(trimmed));
        }

        boolean matches(String requestMethod, String path) {
            return (method == null || method.equals(requestMethod)) && pattern.matches(PathContainer.parsePath(path));
        }
    }

    protected HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    protected HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    protected URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }
}
