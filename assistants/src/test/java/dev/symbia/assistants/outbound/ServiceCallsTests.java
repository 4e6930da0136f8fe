package dev.symbia.assistants.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.symbia.assistants.agent.AssistantAgents;
import dev.symbia.assistants.config.AssistantsProperties;
import dev.symbia.assistants.engine.ActionFailure;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.mock.env.MockEnvironment;
import tools.jackson.databind.json.JsonMapper;

/** service.call and integration.invoke against fake services on MockWebServer: the allow-list, the path guard, errors. */
class ServiceCallsTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final MockWebServer catalog = new MockWebServer();
    private final MockWebServer integrations = new MockWebServer();
    private ServiceCalls calls;

    @BeforeEach
    void start() throws IOException {
        catalog.start();
        integrations.start();
        AssistantsProperties properties = new AssistantsProperties(Duration.ofSeconds(60), Duration.ofSeconds(5),
                Duration.ofSeconds(5), null, false, Duration.ofMillis(40), List.of(
                        new AssistantsProperties.ServiceCallRule("catalog", List.of("GET"),
                                List.of("/api/resources", "/api/resources/*")),
                        new AssistantsProperties.ServiceCallRule("catalog", List.of("POST"), List.of("/api/search"))),
                Duration.ofSeconds(5), Duration.ofSeconds(60));
        calls = new ServiceCalls(new OkHttpClient(), JSON, ServiceCallsTests::agent, properties, new MockEnvironment()
                .withProperty("CATALOG_SERVICE_URL", "http://127.0.0.1:" + catalog.getPort() + "/")
                .withProperty("INTEGRATIONS_SERVICE_URL", "http://127.0.0.1:" + integrations.getPort()));
    }

    @AfterEach
    void stop() {
        catalog.close();
        integrations.close();
    }

    /** The assistant's agent token as identity would hand it out; "assistant:locked" has none. */
    private static AssistantAgents.Agent agent(String org, String key) throws AssistantAgents.Unavailable {
        if (key.equals("locked")) {
            throw new AssistantAgents.Unavailable("its agent is deactivated in this organization");
        }
        return new AssistantAgents.Agent("row-" + key, "assistant:" + key, org, "agent-token-" + key + "-" + org, Set.of(), Instant.MAX);
    }

    private static MockResponse json(int status, String body) {
        return new MockResponse.Builder().code(status).addHeader("Content-Type", "application/json").body(body).build();
    }

    @Test
    void anAllowedCallActsForTheAssistantInTheRunsOrg() throws Exception {
        catalog.enqueue(json(200, "{\"key\":\"team/echo\",\"name\":\"Echo\"}"));
        Map<String, Object> out = calls.call("org-1", "assistant:helper", "catalog", "get", "/api/resources/abc",
                Map.of("version", "latest"), null);
        assertThat(out).containsEntry("status", 200);
        assertThat(out.get("body")).isEqualTo(Map.of("key", "team/echo", "name", "Echo"));
        RecordedRequest request = catalog.takeRequest();
        assertThat(request.getMethod()).isEqualTo("GET");
        assertThat(request.getUrl().encodedPath()).isEqualTo("/api/resources/abc");
        assertThat(request.getUrl().queryParameter("version")).isEqualTo("latest");
        assertThat(request.getHeaders().get("X-Org-Id")).isEqualTo("org-1");
        // the assistant's own token, so the catalog checks what the assistant was granted; no service acting for it
        assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer agent-token-helper-org-1");
        assertThat(request.getHeaders().get("X-Symbia-User-Id")).isNull();

        catalog.enqueue(json(200, "[]"));
        calls.call("org-1", "assistant:helper", "catalog", "POST", "/api/search", Map.of(), Map.of("query", "x"));
        assertThat(JSON.readTree(catalog.takeRequest().getBody().utf8()).path("query").asString()).isEqualTo("x");
    }

    @Test
    void whatTheAllowListDoesNotNameIsRefusedWithoutACall() {
        assertThatThrownBy(() -> calls.call("o", "assistant:a", "catalog", "DELETE", "/api/resources/abc", Map.of(), null))
                .isInstanceOf(ActionFailure.class).hasMessageContaining("is not allowed for assistants");
        assertThatThrownBy(() -> calls.call("o", "assistant:a", "identity", "GET", "/api/resources", Map.of(), null))
                .isInstanceOf(ActionFailure.class).hasMessageContaining("is not allowed");
        assertThatThrownBy(() -> calls.call("o", "assistant:a", "catalog", "GET", "/api/internal/x", Map.of(), null))
                .isInstanceOf(ActionFailure.class).hasMessageContaining("is not allowed");
        assertThatThrownBy(() -> calls.call("o", "assistant:a", "nowhere", "GET", "/api/resources", Map.of(), null))
                .isInstanceOf(ActionFailure.class).hasMessage("service.call: there is no service 'nowhere'");
        assertThatThrownBy(() -> calls.call("o", "assistant:a", "catalog", "TRACE", "/api/resources", Map.of(), null))
                .isInstanceOf(ActionFailure.class).hasMessageContaining("method must be");
        assertThat(catalog.getRequestCount()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/resources/../internal", "/api/resources/a%2Fb", "/api/resources/x?admin=1",
            "/api/resources//x", "api/resources", "/api/resources/./x", "/api/resources/a#b", "/api/resources/%2e%2e"})
    void aPathThatCouldMeanSomethingElseIsRefused(String path) {
        assertThatThrownBy(() -> calls.call("o", "assistant:a", "catalog", "GET", path, Map.of(), null))
                .isInstanceOf(ActionFailure.class);
        assertThat(catalog.getRequestCount()).isZero();
    }

    @Test
    void refusalsAndFailuresAreClearStepErrors() {
        catalog.enqueue(json(403, "{\"title\":\"Forbidden\",\"status\":403}"));
        assertThatThrownBy(() -> calls.call("o", "assistant:a", "catalog", "GET", "/api/resources/x", Map.of(), null))
                .isInstanceOf(ActionFailure.class)
                .hasMessage("service.call GET catalog /api/resources/x answered 403: Forbidden (the assistant may not do "
                        + "this: an org admin grants its agent capabilities in identity)");
        assertThatThrownBy(() -> calls.call("o", "assistant:locked", "catalog", "GET", "/api/resources/x", Map.of(), null))
                .isInstanceOf(ActionFailure.class).hasMessage("service.call GET catalog /api/resources/x was not made: "
                        + "assistant:locked has no token (its agent is deactivated in this organization)");
        catalog.enqueue(json(200, "[\"" + "x".repeat(600 * 1024) + "\"]"));
        assertThatThrownBy(() -> calls.call("o", "assistant:a", "catalog", "GET", "/api/resources", Map.of(), null))
                .isInstanceOf(ActionFailure.class).hasMessageContaining("larger than");
        catalog.close();
        assertThatThrownBy(() -> calls.call("o", "assistant:a", "catalog", "GET", "/api/resources", Map.of(), null))
                .isInstanceOf(ActionFailure.class).hasMessageContaining("could not be reached");
    }

    @Test
    void integrationInvokeRunsAChatOrAConnectorAsTheAssistant() throws Exception {
        integrations.enqueue(json(200, "{\"content\":\"hi\",\"provider\":\"fake\"}"));
        Map<String, Object> out = calls.invokeIntegration("org-1", "assistant:helper", "fake", "chat.completions",
                Map.of("messages", List.of(Map.of("role", "user", "content", "hello"))));
        assertThat(out).containsEntry("operation", "chat.completions");
        assertThat(out.get("data")).isEqualTo(Map.of("content", "hi", "provider", "fake"));
        RecordedRequest request = integrations.takeRequest();
        assertThat(request.getUrl().encodedPath()).isEqualTo("/api/execute");
        assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer agent-token-helper-org-1");
        assertThat(JSON.readTree(request.getBody().utf8()).path("stream").asBoolean(true)).isFalse();

        // connectors refuse service tokens: the assistant's own token reaches them, and they check its grants
        integrations.enqueue(json(200, "{\"connector\":\"railway\",\"operation\":\"status\",\"result\":{\"status\":\"SUCCESS\"}}"));
        Map<String, Object> status = calls.invokeIntegration("org-1", "assistant:helper", null, "railway.status",
                Map.of("deploymentId", "dep-1"));
        assertThat(status.get("data")).isEqualTo(Map.of("connector", "railway", "operation", "status",
                "result", Map.of("status", "SUCCESS")));
        RecordedRequest connector = integrations.takeRequest();
        assertThat(connector.getUrl().encodedPath()).isEqualTo("/api/connectors/railway/status");
        assertThat(connector.getHeaders().get("Authorization")).isEqualTo("Bearer agent-token-helper-org-1");
        assertThat(connector.getHeaders().get("X-Org-Id")).isEqualTo("org-1");
        assertThat(JSON.readTree(connector.getBody().utf8()).path("deploymentId").asString()).isEqualTo("dep-1");

        integrations.enqueue(json(403, "{\"title\":\"Forbidden\",\"status\":403,\"detail\":\"cap:integrations.deploy\"}"));
        assertThatThrownBy(() -> calls.invokeIntegration("org-1", "assistant:helper", null, "railway.deploy", Map.of()))
                .isInstanceOf(ActionFailure.class).hasMessageContaining("answered 403")
                .hasMessageContaining("the assistant may not do this");

        for (String bad : List.of("deploy", "railway", "../x.y", "railway./deploy", "Railway.status", "railway.status/x")) {
            assertThatThrownBy(() -> calls.invokeIntegration("org-1", "assistant:helper", null, bad, Map.of()))
                    .as(bad).isInstanceOf(ActionFailure.class).hasMessageContaining("<connector>.<operation>");
        }
        assertThat(integrations.getRequestCount()).isEqualTo(3);
    }
}
