package dev.symbia.assistants.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.symbia.assistants.agent.AssistantAgents;
import dev.symbia.assistants.engine.ActionFailure;
import dev.symbia.assistants.engine.Llm;
import dev.symbia.test.provider.ScriptedBody;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;
import tools.jackson.databind.json.JsonMapper;

/** The streamed llm.invoke against integrations' chat frames on MockWebServer: whole, broken off, dropped. */
class IntegrationsLlmTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final MockWebServer integrations = new MockWebServer();
    private IntegrationsLlm llm;

    @BeforeEach
    void start() throws IOException {
        integrations.start();
        OkHttpClient http = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(5)).build();
        AssistantAgents agents = (org, key) -> new AssistantAgents.Agent("row-" + key, "assistant:" + key, org, "agent-token-" + key,
                Set.of("cap:integrations.execute"), Instant.MAX);
        llm = new IntegrationsLlm(http, JSON, agents, new MockEnvironment().withProperty("INTEGRATIONS_SERVICE_URL",
                "http://127.0.0.1:" + integrations.getPort()));
    }

    @AfterEach
    void stop() {
        integrations.close();
    }

    private static Llm.Ask ask() {
        return new Llm.Ask("org-1", "assistant:echo", null, null, null, 64,
                List.of(Map.of("role", "user", "content", "hi")));
    }

    private void stream(ScriptedBody body) {
        MockResponse.Builder response = new MockResponse.Builder().code(200)
                .addHeader("Content-Type", "text/event-stream").addHeader("Transfer-Encoding", "chunked").body(body);
        if (body.isCut()) {
            response.onResponseEnd(new SocketEffect.CloseSocket(true, false, false));
        }
        integrations.enqueue(response.build());
    }

    @Test
    void deltasArriveAsTheyComeAndTheWholeAnswerIsReturned() throws Exception {
        stream(new ScriptedBody().write("data: {\"content\":\"Hel\"}\n\n").pause(20)
                .write("data: {\"content\":\"lo\"}\n\n")
                .write("data: {\"done\":true,\"provider\":\"p\",\"model\":\"m\",\"usage\":{\"totalTokens\":3}}\n\n"));
        List<String> deltas = new CopyOnWriteArrayList<>();

        Llm.Answer answer = llm.chat(ask(), deltas::add);

        assertThat(deltas).containsExactly("Hel", "lo");
        assertThat(answer.content()).isEqualTo("Hello");
        assertThat(answer.provider()).isEqualTo("p");
        assertThat(answer.usage()).containsEntry("totalTokens", 3);
        RecordedRequest request = integrations.takeRequest();
        assertThat(request.getUrl().encodedPath()).isEqualTo("/api/execute");
        assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer agent-token-echo");
        assertThat(request.getHeaders().get("X-Org-Id")).isEqualTo("org-1");
        assertThat(JSON.readTree(request.getBody().utf8()).path("stream").asBoolean()).isTrue();
    }

    @Test
    void anErrorFrameOrADroppedConnectionIsAFailureNeverAShortAnswer() {
        stream(new ScriptedBody().write("data: {\"content\":\"Hel\"}\n\n")
                .write("data: {\"error\":\"Stream ended early\",\"code\":\"provider\"}\n\n"));
        assertThatThrownBy(() -> llm.chat(ask(), d -> { })).isInstanceOf(ActionFailure.class)
                .hasMessageContaining("cut off").hasMessageContaining("Stream ended early");

        stream(new ScriptedBody().write("data: {\"content\":\"Hel\"}\n\n").cut());
        assertThatThrownBy(() -> llm.chat(ask(), d -> { })).isInstanceOf(ActionFailure.class)
                .hasMessageContaining("cut off");

        stream(new ScriptedBody().write("data: {\"content\":\"Hel\"}\n\n")); // ends cleanly, but without done
        assertThatThrownBy(() -> llm.chat(ask(), d -> { })).isInstanceOf(ActionFailure.class)
                .hasMessageContaining("cut off");
    }

    @Test
    void aRefusalBeforeTheStreamIsAClearFailure() {
        integrations.enqueue(new MockResponse.Builder().code(429).addHeader("Content-Type", "application/problem+json")
                .body("{\"title\":\"Rate limited\",\"status\":429}").build());
        assertThatThrownBy(() -> llm.chat(ask(), d -> { })).isInstanceOf(ActionFailure.class)
                .hasMessage("The model call failed (429): Rate limited");
    }
}
