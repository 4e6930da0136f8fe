package dev.symbia.test.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * What every Symbia service must do from its first day, checked over real HTTP against a real
 * PostgreSQL: migrate its own schema, answer health, docs and discovery, and speak problem+json.
 * A service's test class extends this and adds nothing but its own tests.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class ServiceContractTests {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    protected int port;

    @Value("${spring.application.name}")
    protected String serviceName;

    @Autowired
    protected DataSource dataSource;

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
