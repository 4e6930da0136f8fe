package dev.symbia.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.symbia.relay.testing.RecordingRelay;
import dev.symbia.test.auth.TestIdentity;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One context (one database) for the catalog's REST tests: real tokens from the shared {@link TestIdentity},
 * a {@link RecordingRelay} in place of the network. Tests use unique org ids and keys so they never see each
 * other's rows (bootstrap's platform resources are there too, as on a live start).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "symbia.catalog.bootstrap.backoff=10ms"})
@Import(CatalogTestSupport.TestBeans.class)
public abstract class CatalogTestSupport {

    protected static final TestIdentity IDENTITY = TestIdentity.shared();
    protected static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TestConfiguration(proxyBeanMethods = false)
    static class TestBeans {
        /** The relay is off in tests; catalog events land here instead. */
        @Bean
        RecordingRelay recordingRelay() {
            return new RecordingRelay("catalog");
        }
    }

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcClient jdbc;

    @Autowired
    protected RecordingRelay relay;

    protected static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A member (org role member: cap:registry.write, no publish) of a fresh org. */
    protected static String member(String org) {
        return IDENTITY.user(unique("member")).member(org, "member").token();
    }

    /** An org admin (cap:registry.publish, role:admin in the org). */
    protected static String admin(String org) {
        return IDENTITY.user(unique("admin")).member(org, "admin").token();
    }

    protected static String viewer(String org) {
        return IDENTITY.user(unique("viewer")).member(org, "viewer").token();
    }

    protected static String superAdmin() {
        return IDENTITY.superAdmin(unique("root")).token();
    }

    protected record Reply(int status, JsonNode body, HttpResponse<String> raw) {
        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        public Reply expect(int expected) {
            assertThat(status).as("status of %s: %s", raw.uri(), raw.body()).isEqualTo(expected);
            return this;
        }

        /** A 4xx answer as RFC 9457 problem+json. */
        public Reply problem(int expected) {
            expect(expected);
            assertThat(raw.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            assertThat(body.path("status").asInt()).isEqualTo(expected);
            assertThat(raw.body()).doesNotContain("Exception").doesNotContain("\tat ");
            return this;
        }
    }

    protected Reply call(String method, String path, Object body, String token) {
        return call(method, path, body, token, Map.of());
    }

    protected Reply call(String method, String path, Object body, String token, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(30));
        String text = body == null ? null : body instanceof String s ? s : JSON.writeValueAsString(body);
        request.method(method, text == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(text));
        if (text != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = response.body().isEmpty() ? null : JSON.readTree(response.body());
            return new Reply(response.statusCode(), json, response);
        } catch (Exception e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        }
    }

    protected Reply get(String path, String token) {
        return call("GET", path, null, token);
    }

    protected Reply post(String path, Object body, String token) {
        return call("POST", path, body, token);
    }

    protected Reply patch(String path, Object body, String token) {
        return call("PATCH", path, body, token);
    }

    protected Reply delete(String path, String token) {
        return call("DELETE", path, null, token);
    }

    protected static Map<String, Object> map(Object... pairs) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            out.put((String) pairs[i], pairs[i + 1]);
        }
        return out;
    }

    /** Creates a resource and returns its JSON. */
    protected JsonNode create(String token, Object body) {
        return post("/api/resources", body, token).expect(201).body();
    }

    protected static Map<String, Object> componentManifest(String key, String version) {
        return map("manifest", map("key", key, "version", version, "implementation", "builtin",
                "inputs", java.util.List.of(map("name", "in")), "outputs", java.util.List.of(map("name", "out"))));
    }
}
