package dev.symbia.identity.support;

import dev.symbia.identity.account.ResetMailer;
import dev.symbia.relay.testing.RecordingRelay;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.UUID;
import mockwebserver3.MockWebServer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * One Spring context (one database) shared by the identity feature tests: real secrets, a first
 * super admin from SYMBIA_ADMIN_EMAIL, a capturing mailbox and a local Supabase JWKS fake. Tests
 * create their own users with unique emails so they never depend on each other's rows.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "SESSION_SECRET=test-session-secret-0123456789abcdef0123456789",
        "INTERNAL_SERVICE_SECRET=test-internal-secret-0123456789abcdef012345",
        "CREDENTIAL_ENCRYPTION_KEY=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
        "SYMBIA_ADMIN_EMAIL=root@symbia.test",
        "SYMBIA_ADMIN_PASSWORD=root-password-123",
        "SUPABASE_JWT_SECRET=supabase-hs256-secret-0123456789abcdef0123456789"})
@Import(IdentityTestBase.TestBeans.class)
public abstract class IdentityTestBase {

    public static final String ADMIN_EMAIL = "root@symbia.test";
    public static final String ADMIN_PASSWORD = "root-password-123";
    public static final String INTERNAL_SECRET = "test-internal-secret-0123456789abcdef012345";
    public static final String SUPABASE_SECRET = "supabase-hs256-secret-0123456789abcdef0123456789";
    public static final String PASSWORD = "correct horse battery";

    /** Stands in for a Supabase project's JWKS endpoint; tests enqueue its answers. */
    protected static final MockWebServer SUPABASE = new MockWebServer();

    static {
        try {
            SUPABASE.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void supabase(DynamicPropertyRegistry registry) {
        String url = SUPABASE.url("/").toString();
        registry.add("SUPABASE_URL", () -> url.substring(0, url.length() - 1));
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class TestBeans {
        @Bean
        @Primary
        CapturingMailer capturingMailer() {
            return new CapturingMailer();
        }

        /** The relay is off in tests (NETWORK_RELAY_ENABLED=false); security events land here instead. */
        @Bean
        RecordingRelay recordingRelay() {
            return new RecordingRelay("identity");
        }
    }

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcClient jdbc;

    @Autowired
    protected CapturingMailer mailbox;

    @Autowired
    protected RecordingRelay relay;

    protected Http http() {
        return new Http(port);
    }

    /** A signed-in user: ids and tokens. */
    public record User(String id, String email, String token, String refreshToken, String orgId) {
    }

    protected static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
    }

    /** Registers a user, optionally with a new org of which they are admin. */
    protected User register(String email, String orgName) {
        Map<String, Object> body = orgName == null ? Map.of("email", email, "password", PASSWORD, "name", "Test User")
                : Map.of("email", email, "password", PASSWORD, "name", "Test User", "orgName", orgName);
        Http.Response response = http().post("/api/auth/register", body);
        if (response.status() != 201) {
            throw new AssertionError("register failed: " + response.status() + " " + response.body());
        }
        JsonNode json = response.json();
        JsonNode org = json.path("organization");
        return new User(json.path("user").path("id").asString(), email, json.path("token").asString(),
                json.path("refreshToken").asString(), org.isNull() || org.isMissingNode() ? null : org.path("id").asString());
    }

    protected User login(String email, String password) {
        Http.Response response = http().post("/api/auth/login", Map.of("email", email, "password", password));
        if (response.status() != 200) {
            throw new AssertionError("login failed: " + response.status() + " " + response.body());
        }
        JsonNode json = response.json();
        JsonNode orgs = json.path("user").path("organizations");
        return new User(json.path("user").path("id").asString(), email, json.path("token").asString(),
                json.path("refreshToken").asString(), orgs.isEmpty() ? null : orgs.get(0).path("id").asString());
    }

    protected User superAdmin() {
        return login(ADMIN_EMAIL, ADMIN_PASSWORD);
    }

    /** Adds an existing user to an org (as its admin) and signs them in again so the token lists the org. */
    protected User join(User admin, String orgId, User member, String role) {
        Http.Response invite = http().post("/api/orgs/" + orgId + "/members/invite",
                Map.of("email", member.email(), "role", role), Http.bearer(admin.token()));
        if (invite.status() != 201) {
            throw new AssertionError("invite failed: " + invite.status() + " " + invite.body());
        }
        return login(member.email(), PASSWORD);
    }

    protected String serviceToken(String serviceId) {
        Http.Response response = http().post("/api/auth/service-token", Map.of("serviceId", serviceId, "secret", INTERNAL_SECRET));
        if (response.status() != 200) {
            throw new AssertionError("service token failed: " + response.status() + " " + response.body());
        }
        return response.json().path("token").asString();
    }

    protected String apiKey(User creator, String orgId, java.util.List<String> scopes) {
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("name", "key");
        body.put("orgId", orgId);
        if (scopes != null) {
            body.put("scopes", scopes);
        }
        Http.Response response = http().post("/api/api-keys", body, Http.bearer(creator.token()));
        if (response.status() != 201) {
            throw new AssertionError("api key failed: " + response.status() + " " + response.body());
        }
        return response.json().path("key").asString();
    }
}
