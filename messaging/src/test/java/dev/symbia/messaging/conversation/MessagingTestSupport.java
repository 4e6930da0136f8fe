package dev.symbia.messaging.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.symbia.messaging.live.ConversationEvent;
import dev.symbia.relay.testing.RecordingRelay;
import dev.symbia.test.auth.TestIdentity;
import dev.symbia.test.auth.TestPrincipal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.event.TransactionalEventListener;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One running messaging service (real HTTP, real PostgreSQL, real tokens from libs/test's
 * {@link TestIdentity}) shared by the feature tests of every package. Each test gets its own org,
 * so tests never see each other's conversations; {@link #events} captures the live events as the
 * live package receives them (after commit).
 */
@MessagingTestContext
public abstract class MessagingTestSupport {

    protected static final TestIdentity IDENTITY = TestIdentity.shared();
    protected static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcClient jdbc;

    @Autowired
    protected CapturedEvents events;

    /** This test's org, and a plain member of it (who creates most conversations). */
    protected String orgId;
    protected TestPrincipal alice;

    @BeforeEach
    void newOrg() {
        orgId = UUID.randomUUID().toString();
        alice = member(orgId);
    }

    // ---- principals ----

    protected static TestPrincipal member(String org) {
        return IDENTITY.user(UUID.randomUUID().toString()).member(org, "member");
    }

    protected static TestPrincipal orgAdmin(String org) {
        return IDENTITY.user(UUID.randomUUID().toString()).member(org, "admin");
    }

    protected static TestPrincipal viewer(String org) {
        return IDENTITY.user(UUID.randomUUID().toString()).member(org, "viewer");
    }

    protected static TestPrincipal agent(String org, String agentId, String... caps) {
        return IDENTITY.agent(UUID.randomUUID().toString(), agentId, org).caps(caps);
    }

    // ---- HTTP ----

    public record Response(int status, java.net.http.HttpHeaders headers, String body) {

        public JsonNode json() {
            return body.isEmpty() ? JSON.nullNode() : JSON.readTree(body);
        }

        public boolean isProblem() {
            return headers.firstValue("Content-Type").orElse("").startsWith("application/problem+json");
        }

        /** The field names of a validation problem's {@code errors}. */
        public List<String> errorFields() {
            List<String> fields = new ArrayList<>();
            json().path("errors").forEach(e -> fields.add(e.path("field").asString()));
            return fields;
        }
    }

    /** A request as {@code who} ({@code null}: anonymous); {@code body} is a raw JSON string or an object to serialise. */
    protected Response send(String method, String path, Object body, TestPrincipal who, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(30));
        if (who != null) {
            request.header("Authorization", who.bearer());
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body instanceof String raw ? raw : JSON.writeValueAsString(body)));
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    protected Response get(String path, TestPrincipal who, String... headers) {
        return send("GET", path, null, who, headers);
    }

    protected Response post(String path, Object body, TestPrincipal who, String... headers) {
        return send("POST", path, body == null ? "{}" : body, who, headers);
    }

    protected Response patch(String path, Object body, TestPrincipal who) {
        return send("PATCH", path, body, who);
    }

    protected Response delete(String path, TestPrincipal who, String... headers) {
        return send("DELETE", path, null, who, headers);
    }

    // ---- fixtures ----

    /** A group conversation owned by {@code owner}, with {@code others} as members; its id. */
    protected String group(TestPrincipal owner, TestPrincipal... others) {
        List<Map<String, Object>> participants = new ArrayList<>();
        for (TestPrincipal other : others) {
            participants.add(Map.of("principalId", participantId(other)));
        }
        Response created = post("/api/conversations", Map.of("type", "group", "name", "Team " + UUID.randomUUID(),
                "participants", participants), owner);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().path("id").asString();
    }

    /** A private conversation owned by {@code owner}; its id. */
    protected String privateConversation(TestPrincipal owner) {
        Response created = post("/api/conversations", Map.of("type", "private"), owner);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().path("id").asString();
    }

    /** Posts a text message; the stored message. */
    protected JsonNode say(String conversationId, TestPrincipal who, String content) {
        Response posted = post("/api/conversations/" + conversationId + "/messages", Map.of("content", content), who);
        assertThat(posted.status()).as(posted.body()).isEqualTo(201);
        return posted.json();
    }

    /** The id a principal takes part under: agents their public id, users their user id. */
    protected static String participantId(TestPrincipal principal) {
        return principal.type() == TestPrincipal.Type.AGENT ? principal.claims().getClaim("agentId").toString() : principal.id();
    }

    protected String roleOf(String conversationId, String principalId) {
        return jdbc.sql("SELECT role FROM participants WHERE conversation_id = CAST(:c AS uuid) AND principal_id = :p")
                .param("c", conversationId).param("p", principalId).query(String.class).optional().orElse(null);
    }

    protected static Map<String, Object> map(Object... keyValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return map;
    }

    // ---- live events ----

    /** Every {@link ConversationEvent} as a transactional listener sees it: after the publishing transaction commits. */
    public static class CapturedEvents {

        private final List<ConversationEvent> received = new CopyOnWriteArrayList<>();
        private volatile Consumer<ConversationEvent> probe;

        @TransactionalEventListener(fallbackExecution = true)
        void on(ConversationEvent event) {
            Consumer<ConversationEvent> current = probe;
            if (current != null) {
                current.accept(event);
            }
            received.add(event);
        }

        /** Runs {@code check} on every event as it is delivered (on the delivering thread); null stops. */
        public void probe(Consumer<ConversationEvent> check) {
            this.probe = check;
        }

        public List<ConversationEvent> of(String conversationId) {
            return received.stream().filter(e -> e.conversationId().toString().equals(conversationId)).toList();
        }

        public List<ConversationEvent> named(String conversationId, String name) {
            return of(conversationId).stream().filter(e -> e.name().equals(name)).toList();
        }
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class TestBeans {
        @Bean
        CapturedEvents capturedEvents() {
            return new CapturedEvents();
        }

        /** The real relay is off in tests (NETWORK_RELAY_ENABLED=false); what messaging publishes lands here. */
        @Bean
        RecordingRelay recordingRelay() {
            return new RecordingRelay("messaging");
        }
    }
}
