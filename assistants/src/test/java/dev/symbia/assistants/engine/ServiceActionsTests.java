package dev.symbia.assistants.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** service.call and integration.invoke in rules: rendered requests, results in steps and context, bad config as errors. */
class ServiceActionsTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final List<List<Object>> calls = new CopyOnWriteArrayList<>();
    private final Services services = new Services() {
        @Override
        public Map<String, Object> call(String orgId, String actingFor, String service, String method, String path,
                Map<String, String> query, Object body) {
            calls.add(List.of(orgId, actingFor, service, method, path, query, body == null ? "none" : body));
            if (path.contains("missing")) {
                throw new ActionFailure("service.call GET catalog " + path + " answered 404: Not Found");
            }
            return Map.of("status", 200, "body", Map.of("name", "Echo", "items", List.of(1, 2, 3)));
        }

        @Override
        public Map<String, Object> invokeIntegration(String orgId, String actingFor, String provider, String operation,
                Map<String, Object> params) {
            calls.add(List.of(orgId, actingFor, operation, params));
            return Map.of("data", Map.of("content", "from the model"), "operation", operation);
        }
    };
    private final RuleEngine engine = new RuleEngine(ask -> new Llm.Answer("x", "p", "m", Map.of()), Handoffs.NONE,
            Webhooks.NONE, services);

    private RunResult run(String actions, String text) {
        RuleSet set = RuleSet.parse(JSON.readValue("{\"rules\":[{\"id\":\"r\",\"trigger\":\"message.received\","
                + "\"actions\":" + actions + "}]}", Object.class));
        return engine.run(set, new Run("org-1", "conv-1", "helper", "message.received",
                Map.of("content", text, "metadata", Map.of()), Map.of("id", "u1"), Map.of(), List.of(), "idle", Map.of()));
    }

    private static String reply(RunResult result) {
        return RuleEngineTests.reply(result);
    }

    @Test
    void aServiceCallsAnswerFeedsTheReplyAndTheUsersTextStaysData() {
        RunResult result = run("""
                [{"id":"look","type":"service.call","params":{"service":"catalog","path":"/resources/{{message.content}}",
                  "query":{"q":"{{message.content}}"},"resultKey":"found"}},
                 {"type":"message.send","params":{"content":"It is {{steps.look.result.name}} ({{found.name}})"}}]""",
                "abc {{token}}");
        assertThat(reply(result)).isEqualTo("It is Echo (Echo)");
        assertThat(calls).singleElement().satisfies(c -> {
            assertThat(c.subList(0, 5)).containsExactly("org-1", "assistant:helper", "catalog", "GET",
                    "/api/resources/abc {{token}}");
            assertThat(c.get(5)).isEqualTo(Map.of("q", "abc {{token}}"));
        });
        assertThat(result.steps()).anySatisfy(s -> assertThat(s).containsEntry("source", "service:catalog")
                .containsEntry("ok", true));
    }

    @Test
    void badConfigurationIsAClearErrorStepNotACrash() {
        RunResult missing = run("[{\"type\":\"service.call\",\"params\":{\"path\":\"/x\"}}]", "hi");
        assertThat(missing.flattened()).singleElement().satisfies(r -> {
            assertThat(r.ok()).isFalse();
            assertThat(r.error()).isEqualTo("service.call needs service");
        });
        RunResult notFound = run("[{\"type\":\"service.call\",\"params\":{\"service\":\"catalog\",\"path\":\"/missing\"}}]", "hi");
        assertThat(notFound.flattened().getFirst().error()).contains("answered 404");
        RunResult noOperation = run("[{\"type\":\"integration.invoke\",\"params\":{}}]", "hi");
        assertThat(noOperation.flattened().getFirst().error()).isEqualTo("integration.invoke needs operation");
        RunResult badParams = run("[{\"type\":\"integration.invoke\",\"params\":{\"operation\":\"chat.completions\",\"params\":[1]}}]", "hi");
        assertThat(badParams.flattened().getFirst().error()).isEqualTo("integration.invoke params must be an object");
    }

    @Test
    void integrationInvokeRendersItsParamsAndKeepsTheData() {
        RunResult result = run("""
                [{"id":"ask","type":"integration.invoke","params":{"operation":"chat.completions",
                  "params":{"messages":[{"role":"user","content":"{{message.content}}"}]}}},
                 {"type":"message.send","params":{"content":"{{steps.ask.result.content}}"}}]""", "hello");
        assertThat(reply(result)).isEqualTo("from the model");
        assertThat(calls.getFirst().get(3)).isEqualTo(Map.of("messages", List.of(Map.of("role", "user", "content", "hello"))));
    }
}
