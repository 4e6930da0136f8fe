package dev.symbia.test.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.symbia.test.auth.TestIdentity;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The base of a service's REST tests in one Spring context (a {@code @SpringBootTest(webEnvironment = RANDOM_PORT)}
 * subclass, so one database): real tokens from the shared {@link TestIdentity}, unique ids so tests never see each
 * other's rows, and calls answered as {@link Reply} with the checks every endpoint test makes (status, and for
 * refusals an RFC 9457 problem without a stack trace).
 */
public abstract class ApiTestSupport {

    protected static final TestIdentity IDENTITY = TestIdentity.shared();
    protected static final JsonMapper JSON = JsonMapper.builder().build();
    protected static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String JSON_TYPE = "application/json";

    @LocalServerPort
    protected int port;

    protected static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A fresh user with role member in {@code org}. */
    protected static String member(String org) {
        return IDENTITY.user(unique("member")).member(org, "member").token();
    }

    /** A fresh org admin of {@code org}. */
    protected static String admin(String org) {
        return IDENTITY.user(unique("admin")).member(org, "admin").token();
    }

    /** A fresh user with role viewer in {@code org} (reads, no writes). */
    protected static String viewer(String org) {
        return IDENTITY.user(unique("viewer")).member(org, "viewer").token();
    }

    protected static String superAdmin() {
        return IDENTITY.superAdmin(unique("root")).token();
    }

    /** An answer: status, JSON body (null when empty) and the raw response. */
    protected record Reply(int status, JsonNode body, HttpResponse<String> raw) {
        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        public Reply expect(int expected) {
            assertThat(status).as("status of %s: %s", raw.uri(), raw.body()).isEqualTo(expected);
            return this;
        }

        /** A 4xx answer as RFC 9457 problem+json, with no stack trace. */
        public Reply problem(int expected) {
            expect(expected);
            assertThat(raw.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            assertThat(body.path("status").asInt()).isEqualTo(expected);
            assertThat(raw.body()).doesNotContain("Exception").doesNotContain("\tat ");
            return this;
        }
    }

    /** A call with a JSON body (a String is sent as is, anything else as JSON) and extra headers (they win). */
    protected Reply call(String method, String path, Object body, String token, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(30));
        String text = body == null ? null : body instanceof String s ? s : JSON.writeValueAsString(body);
        request.method(method, text == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(text));
        if (text != null && !headers.containsKey("Content-Type")) {
            request.header("Content-Type", JSON_TYPE);
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

    protected Reply call(String method, String path, Object body, String token) {
        return call(method, path, body, token, Map.of());
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

    /** An ordered map from key/value pairs (JSON bodies in tests). */
    protected static Map<String, Object> map(Object... pairs) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            out.put((String) pairs[i], pairs[i + 1]);
        }
        return out;
    }
}
