package dev.symbia.assistants.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.symbia.assistants.engine.ActionFailure;
import dev.symbia.assistants.engine.Llm;
import dev.symbia.assistants.engine.Handoffs;
import dev.symbia.assistants.engine.RuleEngine;
import dev.symbia.assistants.engine.RuleSet;
import dev.symbia.assistants.engine.Run;
import dev.symbia.assistants.engine.RunResult;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** webhook.call: the SSRF guard, and the call itself on the wire (MockWebServer, private addresses allowed only here). */
class GuardedWebhooksTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1",
            "0.0.0.0", "::1", "fd00::1", "fe80::1", "::ffff:127.0.0.1", "224.0.0.1"})
    void nonPublicAddressesAreRefusedEvenBehindAPublicLookingName(String address) {
        GuardedWebhooks guard = new GuardedWebhooks(host -> List.of(ip(address)), false);
        assertThat(GuardedWebhooks.isPublic(ip(address))).isFalse();
        assertThatThrownBy(() -> guard.call("POST", "http://hooks.example.com/x", Map.of(), "{}", Duration.ofSeconds(2)))
                .isInstanceOf(ActionFailure.class).hasMessage("The webhook address is not public and is refused");
    }

    @ParameterizedTest
    @ValueSource(strings = {"file:///etc/passwd", "ftp://example.com/", "gopher://x", "http://user:pw@example.com/", "not a url"})
    void onlyPlainHttpUrls(String url) {
        GuardedWebhooks guard = new GuardedWebhooks(host -> List.of(ip("93.184.216.34")), false);
        assertThatThrownBy(() -> guard.call("POST", url, Map.of(), "{}", null)).isInstanceOf(ActionFailure.class)
                .hasMessageStartingWith("webhook url must");
        assertThatThrownBy(() -> guard.call("TRACE", "http://example.com/", Map.of(), null, null))
                .hasMessageContaining("method");
    }

    @Test
    void publicAddressesPass() {
        assertThat(GuardedWebhooks.isPublic(ip("93.184.216.34"))).isTrue();
        assertThat(GuardedWebhooks.isPublic(ip("2606:2800:220:1:248:1893:25c8:1946"))).isTrue();
    }

    @Test
    void theActionPostsTheDefaultBodyAndUserTextStaysData() throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
                    .body("{\"ok\":true}").build());
            server.enqueue(new MockResponse.Builder().code(503).body("busy").build());
            server.enqueue(new MockResponse.Builder().code(200).body("{\"partial\":")
                    .onResponseBody(SocketEffect.ShutdownConnection.INSTANCE).build());
            server.start();
            GuardedWebhooks hooks = new GuardedWebhooks(host -> List.of(ip("127.0.0.1")), true);
            RuleEngine engine = new RuleEngine(ask -> new Llm.Answer("x", null, null, Map.of()), Handoffs.NONE, hooks);
            RuleSet set = RuleSet.parse(JSON.readValue("""
                    {"rules":[{"id":"r","trigger":"message.received","actions":[
                      {"type":"webhook.call","params":{"url":"%s","headers":{"X-Conv":"{{conversation.id}}","Authorization":"Bearer leak"}}}]}]}"""
                    .formatted(server.url("/hook")), Object.class));
            RunResult ok = engine.run(set, run("{{token}} hi"));
            assertThat(ok.results().get(0).ok()).isTrue();
            @SuppressWarnings("unchecked")
            Map<String, Object> output = (Map<String, Object>) ok.results().get(0).output();
            assertThat(output).containsEntry("status", 200).containsEntry("body", "{\"ok\":true}");
            RecordedRequest sent = server.takeRequest(5, TimeUnit.SECONDS);
            assertThat(sent.getHeaders().get("X-Conv")).isEqualTo("conv-1");
            assertThat(sent.getHeaders().get("Authorization")).isNull();
            JsonNode body = JSON.readTree(sent.getBody().utf8());
            assertThat(body.path("orgId").asString()).isEqualTo("org-1");
            assertThat(body.path("message").path("content").asString()).isEqualTo("{{token}} hi");
            assertThat(body.has("context")).isFalse();

            assertThat(engine.run(set, run("x")).results().get(0).error()).isEqualTo("The webhook answered 503");
            assertThat(engine.run(set, run("x")).results().get(0).ok()).isFalse();
        }
    }

    private static Run run(String text) {
        return new Run("org-1", "conv-1", "hooker", "message.received", Map.of("content", text, "metadata", Map.of()),
                Map.of(), Map.of(), List.of(), "idle", Map.of("secret", "s3cr3t"));
    }
}
