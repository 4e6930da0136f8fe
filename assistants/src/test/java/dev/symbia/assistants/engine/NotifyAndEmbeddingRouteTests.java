package dev.symbia.assistants.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** notify (a webhook notification, nothing else pretended) and embedding.route (cosine ranking with its thresholds). */
class NotifyAndEmbeddingRouteTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final List<List<Object>> posted = new CopyOnWriteArrayList<>();
    private final List<List<String>> embedded = new CopyOnWriteArrayList<>();
    private final Webhooks webhooks = (method, url, headers, body, timeout) -> {
        posted.add(List.of(method, url, body));
        return Map.of("status", 202, "headers", Map.of(), "body", "");
    };
    /** Vectors by text: the message "deploy the api" is near "Deployer", far from "Poet". */
    private final Services services = new Services() {
        @Override
        public Map<String, Object> call(String o, String a, String s, String m, String p, Map<String, String> q, Object b) {
            throw new ActionFailure("not used");
        }

        @Override
        public Map<String, Object> invokeIntegration(String o, String a, String p, String op, Map<String, Object> params) {
            throw new ActionFailure("not used");
        }

        @Override
        public List<double[]> embed(String orgId, String actingFor, String model, List<String> inputs, Integer dimensions) {
            embedded.add(List.of(orgId, actingFor, model));
            List<double[]> out = new ArrayList<>();
            for (String text : inputs) {
                out.add(text.startsWith("Deployer") ? new double[] {1, 0.05, 0} : text.startsWith("Poet")
                        ? new double[] {0, 1, 0} : text.startsWith("Twin") ? new double[] {0.98, 0.1, 0}
                        : text.contains("deploy") ? new double[] {1, 0, 0} : new double[] {0, 0, 1});
            }
            return out;
        }
    };
    private final RuleEngine engine = new RuleEngine(ask -> new Llm.Answer("x", "p", "m", Map.of()), Handoffs.NONE,
            webhooks, services);

    private RunResult run(String actions, String text, List<Map<String, Object>> roster) {
        RuleSet set = RuleSet.parse(JSON.readValue("{\"rules\":[{\"id\":\"r\",\"trigger\":\"message.received\","
                + "\"actions\":" + actions + "}]}", Object.class));
        return engine.run(set, new Run("org-1", "conv-1", "router", "message.received",
                Map.of("content", text, "metadata", Map.of()), Map.of("id", "u1"), Map.of(), roster, "idle", Map.of()));
    }

    private static Map<String, Object> assistant(String key, String name, String description) {
        return Map.of("key", key, "alias", key, "name", name, "description", description);
    }

    @Test
    void notifyPostsTheNotificationToItsWebhookAndUserTextStaysData() {
        RunResult result = run("""
                [{"id":"n","type":"notify","params":{"webhookUrl":"https://hooks.example.com/x","subject":"New {{message.content}}",
                  "recipient":"ops","contentTemplate":"Someone wrote: {{message.content}}"}}]""", "{{token}}", List.of());
        assertThat(result.results().getFirst().ok()).isTrue();
        assertThat(posted).singleElement().satisfies(p -> {
            assertThat(p.subList(0, 2)).containsExactly("POST", "https://hooks.example.com/x");
            JsonNode body = JSON.readTree((String) p.get(2));
            assertThat(body.path("notification").path("content").asString()).isEqualTo("Someone wrote: {{token}}");
            assertThat(body.path("notification").path("subject").asString()).isEqualTo("New {{token}}");
            assertThat(body.path("context").path("conversationId").asString()).isEqualTo("conv-1");
        });
        assertThat(((Map<?, ?>) result.results().getFirst().output()).get("delivered")).isEqualTo(true);
    }

    @Test
    void notifyRefusesWhatItCannotDeliverInsteadOfPretending() {
        assertThat(run("[{\"type\":\"notify\",\"params\":{\"channel\":\"email\",\"content\":\"x\"}}]", "hi", List.of())
                .results().getFirst().error()).contains("only webhook");
        assertThat(run("[{\"type\":\"notify\",\"params\":{\"content\":\"x\"}}]", "hi", List.of())
                .results().getFirst().error()).isEqualTo("notify needs webhookUrl");
        assertThat(posted).isEmpty();
    }

    @Test
    void embeddingRouteChoosesTheNearestAssistantAboveBothThresholdsAndFeedsAssistantRoute() {
        List<Map<String, Object>> roster = List.of(assistant("router", "Router", "Routes"),
                assistant("deployer", "Deployer", "Ships services"), assistant("poet", "Poet", "Writes verse"));
        RunResult result = run("""
                [{"id":"e","type":"embedding.route","params":{"provider":"openai","model":"text-embedding-3-small"}},
                 {"type":"assistant.route","params":{"fromContext":true}}]""", "deploy the api", roster);
        Map<?, ?> out = (Map<?, ?>) result.results().getFirst().output();
        assertThat(out.get("assistant")).isEqualTo("deployer");
        assertThat((double) out.get("similarity")).isGreaterThan(0.99);
        assertThat((double) out.get("confidence")).isGreaterThan(0.85);
        assertThat(((List<?>) out.get("candidates"))).hasSize(2); // never itself
        assertThat(embedded).singleElement().isEqualTo(List.of("org-1", "assistant:router", "openai/text-embedding-3-small"));
        Map<?, ?> routed = (Map<?, ?>) result.results().get(1).output();
        assertThat(routed.get("targetAssistant")).isEqualTo("deployer");
        assertThat(routed.get("method")).isEqualTo("embedding");
    }

    @Test
    void embeddingRouteDeclinesWhenNothingIsCloseOrTwoAreTooClose() {
        List<Map<String, Object>> roster = List.of(assistant("deployer", "Deployer", "Ships services"),
                assistant("poet", "Poet", "Writes verse"));
        Map<?, ?> far = (Map<?, ?>) run("[{\"type\":\"embedding.route\",\"params\":{\"model\":\"openai/e\"}}]",
                "something else", roster).results().getFirst().output();
        assertThat(far.get("assistant")).as("below the 0.7 similarity").isNull();
        assertThat(far.get("declined")).isEqualTo(true);

        List<Map<String, Object>> twins = List.of(assistant("deployer", "Deployer", "Ships services"),
                assistant("twin", "Twin", "Also ships services"));
        Map<?, ?> close = (Map<?, ?>) run("[{\"type\":\"embedding.route\",\"params\":{\"model\":\"openai/e\"}}]",
                "deploy the api", twins).results().getFirst().output();
        assertThat((double) close.get("similarity")).isGreaterThan(0.7);
        assertThat(close.get("assistant")).as("a close second: confidence below 0.85").isNull();
        Map<?, ?> lenient = (Map<?, ?>) run("""
                [{"type":"embedding.route","params":{"model":"openai/e","confidenceThreshold":0.4}}]""",
                "deploy the api", twins).results().getFirst().output();
        assertThat(lenient.get("assistant")).isEqualTo("deployer");

        assertThat(run("[{\"type\":\"embedding.route\",\"params\":{}}]", "x", roster).results().getFirst().error())
                .contains("needs model");
        assertThat(run("[{\"type\":\"embedding.route\",\"params\":{\"model\":\"openai/e\",\"include\":[\"nobody\"]}}]",
                "x", roster).results().getFirst().error()).contains("no candidate");
    }
}
