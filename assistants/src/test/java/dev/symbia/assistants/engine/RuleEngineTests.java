package dev.symbia.assistants.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** Rule selection and failure semantics (§3.4), the state machine, and the self-contained actions (§3.5). */
class RuleEngineTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final List<Llm.Ask> asked = new CopyOnWriteArrayList<>();
    private final RuleEngine engine = new RuleEngine(ask -> {
        asked.add(ask);
        return new Llm.Answer("model says hi", "fake", "fake-1", Map.of());
    });

    private static RuleSet rules(String json) {
        return RuleSet.parse(JSON.readValue(json, Object.class));
    }

    private static Run run(String text) {
        return run(text, "idle", Map.of());
    }

    private static Run run(String text, String state, Map<String, Object> context) {
        return new Run("org-1", "conv-1", "tester", "message.received",
                Map.of("content", text, "metadata", Map.of()), Map.of("id", "u1"), Map.of(), List.of(
                        Map.of("key", "b", "alias", "bee", "description", "B"),
                        Map.of("key", "a", "alias", "ay", "description", "A")), state, context);
    }

    private static String say(String text) {
        return "{\"type\":\"message.send\",\"params\":{\"content\":\"" + text + "\"}}";
    }

    static String reply(RunResult result) {
        String content = null;
        for (ActionResult r : result.flattened()) {
            if (r.ok() && r.type().equals("message.send")) {
                content = (String) ((Map<?, ?>) r.output()).get("content");
            }
        }
        return content;
    }

    @Test
    void whatTheAssistantWasNotGrantedFailsClearlyAndItsOnErrorRuns() {
        RuleSet set = rules("""
                {"rules":[{"id":"r","trigger":"message.received","actions":[
                  {"id":"ask","type":"llm.invoke","params":{},
                   "onError":{"type":"context.update","params":{"key":"why","value":"{{steps.ask.response}}"}}},
                  %s]}]}""".formatted(say("{{steps.ask.response}}")));
        RunResult refused = engine.run(set, run("hi").actingWith(Grants.of(java.util.Set.of("cap:messaging.write"))));
        assertThat(asked).as("the model was never asked").isEmpty();
        assertThat(refused.results().getFirst().error()).isEqualTo("llm.invoke refused: assistant:tester is not granted "
                + "cap:integrations.execute in this organization; an org admin grants it to the assistant's agent "
                + "(identity, PUT /api/agents/{id}/capabilities)");
        assertThat(refused.results().get(1).type()).as("onError instead of the rest").isEqualTo("context.update");
        assertThat(reply(refused)).isNull();

        RunResult granted = engine.run(set, run("hi").actingWith(Grants.of(java.util.Set.of("cap:messaging.write",
                "cap:integrations.execute"))));
        assertThat(reply(granted)).isEqualTo("model says hi");

        RunResult mute = engine.run(set, run("hi").actingWith(Grants.of(java.util.Set.of("cap:integrations.execute"))));
        assertThat(reply(mute)).as("message.send needs cap:messaging.write").isNull();
        assertThat(mute.results().get(1).error()).startsWith("message.send refused");

        RunResult noToken = engine.run(set, run("hi").actingWith(Grants.none("identity could not be reached")));
        assertThat(noToken.results().getFirst().error())
                .isEqualTo("llm.invoke refused: assistant:tester has no grants right now (identity could not be reached)");
    }

    @Test
    void priorityDescendingDefaultsLastFirstMatchWinsTiesKeepOrder() {
        RuleSet set = rules("""
                {"rules":[
                 {"id":"default-high","trigger":"message.received","priority":100,"isDefault":true,"actions":[%s]},
                 {"id":"low","trigger":"message.received","priority":1,"actions":[%s]},
                 {"id":"tie-1","trigger":"message.received","priority":5,"actions":[%s]},
                 {"id":"tie-2","trigger":"message.received","priority":5,"actions":[%s]},
                 {"id":"disabled","trigger":"message.received","priority":50,"enabled":false,"actions":[%s]},
                 {"id":"other-trigger","trigger":"custom","priority":60,"actions":[%s]}
                ]}""".formatted(say("default"), say("low"), say("tie-1"), say("tie-2"), say("disabled"), say("other")));
        assertThat(RuleEngine.candidates(set, "message.received")).extracting(Rule::id)
                .containsExactly("tie-1", "tie-2", "low", "default-high");
        RunResult result = engine.run(set, run("x"));
        assertThat(result.matchedRule()).isEqualTo("tie-1");
        assertThat(result.rulesEvaluated()).isEqualTo(1);
        assertThat(reply(result)).isEqualTo("tie-1");
    }

    @Test
    void conditionsDecideAndTheDefaultCatchesTheRest() {
        RuleSet set = rules("""
                {"rules":[
                 {"id":"greet","trigger":"message.received","priority":10,
                  "conditions":{"logic":"or","conditions":[{"field":"message.content","operator":"matches","value":"^(hi|hello)\\\\b"}]},
                  "actions":[%s]},
                 {"id":"fallback","trigger":"message.received","isDefault":true,"actions":[%s]}]}"""
                .formatted(say("Hello!"), say("Sorry?")));
        assertThat(reply(engine.run(set, run("Hello there")))).isEqualTo("Hello!");
        RunResult other = engine.run(set, run("what?"));
        assertThat(other.matchedRule()).isEqualTo("fallback");
        assertThat(other.rulesEvaluated()).isEqualTo(2);
        assertThat(other.rulesMatched()).isEqualTo(1);
        assertThat(engine.run(RuleSet.parse(Map.of("rules", List.of(), "isActive", false)), run("x")).rulesEvaluated())
                .isZero();
    }

    @Test
    void onErrorReplacesTheRemainingActions() {
        RuleSet set = rules("""
                {"rules":[{"id":"r","trigger":"message.received","actions":[
                  {"type":"tool.invoke","params":{"tool":"math.evaluate","input":"1/0"},
                   "onError":{"type":"message.send","params":{"content":"could not compute"}}},
                  %s]},
                 {"id":"later","trigger":"message.received","isDefault":true,"actions":[%s]}]}"""
                .formatted(say("never"), say("later")));
        RunResult result = engine.run(set, run("x"));
        assertThat(result.matchedRule()).isEqualTo("r");
        assertThat(reply(result)).isEqualTo("could not compute");
        assertThat(result.results()).extracting(ActionResult::type).containsExactly("tool.invoke", "message.send");
    }

    @Test
    void aFailureWithoutOnErrorStopsTheRuleWhichStillCountsAsMatched() {
        RuleSet set = rules("""
                {"rules":[{"id":"r","trigger":"message.received","priority":2,"actions":[
                  {"type":"state.transition","params":{"targetState":"archived"}}, %s]},
                 {"id":"later","trigger":"message.received","priority":1,"actions":[%s]}]}"""
                .formatted(say("never"), say("later")));
        RunResult result = engine.run(set, run("x"));
        assertThat(result.matchedRule()).isEqualTo("r");
        assertThat(reply(result)).isNull();
        assertThat(result.results()).singleElement().satisfies(r -> assertThat(r.error())
                .isEqualTo("Invalid state transition: idle -> archived"));
    }

    @Test
    void fallThroughCedesAndACededFailureIsSurfacedWhenNothingElseMatches() {
        String failing = "{\"type\":\"tool.invoke\",\"params\":{\"tool\":\"math.evaluate\",\"input\":\"hello\"}}";
        RuleSet ceding = rules("""
                {"rules":[{"id":"calc","trigger":"message.received","priority":9,"fallThrough":true,"actions":[%s]},
                 {"id":"chat","trigger":"message.received","priority":1,"actions":[%s]}]}""".formatted(failing, say("chat")));
        RunResult handed = engine.run(ceding, run("hello"));
        assertThat(handed.matchedRule()).isEqualTo("chat");
        assertThat(handed.ceded()).isFalse();
        assertThat(handed.trace()).first().satisfies(e -> assertThat(e).containsEntry("ceded", true));

        RuleSet alone = rules("""
                {"rules":[{"id":"calc","trigger":"message.received","fallThrough":true,"actions":[%s]},
                 {"id":"never","trigger":"message.received","conditions":{"conditions":[{"field":"message.content","operator":"eq","value":"zzz"}]},
                  "actions":[%s]}]}""".formatted(failing, say("x")));
        RunResult surfaced = engine.run(alone, run("hello"));
        assertThat(surfaced.matchedRule()).isEqualTo("calc");
        assertThat(surfaced.ceded()).isTrue();
        assertThat(surfaced.results()).singleElement().satisfies(r -> assertThat(r.error()).startsWith("DECLINED::"));
    }

    @Test
    void anUnknownActionIsRecordedAndTheRuleGoesOn() {
        RuleSet set = rules("""
                {"rules":[{"id":"r","trigger":"message.received","actions":[{"type":"teleport"}, %s]}]}""".formatted(say("ok")));
        RunResult result = engine.run(set, run("x"));
        assertThat(reply(result)).isEqualTo("ok");
        assertThat(result.results().get(0).error()).isEqualTo(Actions.UNKNOWN);
        assertThat(result.steps()).extracting(s -> s.get("ok")).containsExactly(false, true);
    }

    @Test
    void codeExecutionAndUndeliverableNotificationsFailExplicitly() {
        RuleSet set = rules("""
                {"rules":[{"id":"r","trigger":"message.received","actions":[{"type":"code.tool.invoke","params":{"tool":"bash"}}]}]}""");
        assertThat(engine.run(set, run("x")).results().get(0).error()).contains("never offered");
        RuleSet hook = rules("""
                {"rules":[{"id":"r","trigger":"message.received","actions":[{"type":"notify","params":{"channel":"email"}}]}]}""");
        assertThat(engine.run(hook, run("x")).results().get(0).error()).contains("only webhook");
        RuleSet unconfigured = rules("""
                {"rules":[{"id":"r","trigger":"message.received","actions":[{"type":"service.call","params":{"service":"identity","path":"/x"}}]}]}""");
        assertThat(engine.run(unconfigured, run("x")).results().get(0).error()).isEqualTo("service.call is not available");
    }

    @Test
    void stateMachineFollowsTheTableAndTheLastTransitionWins() {
        RuleSet set = rules("""
                {"rules":[{"id":"r","trigger":"message.received","actions":[
                  {"type":"state.transition","params":{"targetState":"ai_active"}},
                  {"type":"state.transition","params":{"targetState":"waiting_for_user"}}]}]}""");
        assertThat(engine.run(set, run("x")).state()).isEqualTo("waiting_for_user");
        assertThat(StateMachine.allowed("archived", "idle")).isTrue();
        assertThat(StateMachine.allowed("archived", "ai_active")).isFalse();
        assertThat(StateMachine.allowed("handoff_pending", "agent_active")).isTrue();
        assertThat(StateMachine.allowed("idle", "waiting_for_user")).isFalse();
        assertThat(StateMachine.ALLOWED.values().stream().mapToInt(java.util.Set::size).sum()).isEqualTo(22);
    }

    @Test
    void contextUpdateSetMergeDeleteAndConditionsSeeIt() {
        RuleSet set = rules("""
                {"rules":[{"id":"r","trigger":"message.received","actions":[
                  {"type":"context.update","params":{"updates":{"profile":{"name":"Ada"},"count":1}}},
                  {"type":"context.update","params":{"updates":{"profile":{"lang":"en"}}}},
                  {"type":"context.update","params":{"operation":"delete","key":"count"}},
                  {"type":"condition","params":{"if":{"conditions":[{"field":"context.profile.name","operator":"eq","value":"Ada"}]},
                    "then":[{"type":"message.send","params":{"content":"hi {{profile.name}} ({{profile.lang}})"}}],
                    "else":[{"type":"message.send","params":{"content":"who?"}}]}}]}]}""");
        RunResult result = engine.run(set, run("x", "idle", Map.of("kept", true)));
        assertThat(reply(result)).isEqualTo("hi Ada (en)");
        assertThat(result.context()).containsEntry("kept", true).doesNotContainKey("count")
                .containsEntry("profile", Map.of("name", "Ada", "lang", "en"));
    }

    @Test
    void parallelLoopAndStepResults() {
        RuleSet set = rules("""
                {"rules":[{"id":"r","trigger":"message.received","actions":[
                  {"type":"parallel","params":{"strategy":"all","actions":[
                    {"id":"a","type":"tool.invoke","params":{"tool":"math.evaluate","input":"2*3"}},
                    {"id":"b","type":"tool.invoke","params":{"tool":"math.evaluate","input":"10-1"}}]}},
                  {"type":"loop","params":{"over":"items","as":"it","index":"i","actions":[
                    {"type":"message.send","params":{"content":"{{i}}:{{it}}"}}]}},
                  {"id":"sum","type":"tool.invoke","params":{"tool":"math.evaluate","input":"{{steps.a.result}}+{{steps.b.result}}"}},
                  {"type":"message.send","params":{"content":"total {{steps.sum.result}}"}}]}]}""");
        RunResult result = engine.run(set, run("x", "idle", Map.of("items", List.of("p", "q"))));
        assertThat(reply(result)).isEqualTo("total 15");
        assertThat(result.flattened()).filteredOn(r -> r.type().equals("message.send"))
                .extracting(r -> (Object) ((Map<?, ?>) r.output()).get("content")).containsExactly("0:p", "1:q", "total 15");
        RuleSet any = rules("""
                {"rules":[{"id":"r","trigger":"message.received","actions":[
                  {"type":"parallel","params":{"strategy":"all","actions":[
                    {"type":"tool.invoke","params":{"tool":"math.evaluate","input":"1"}},
                    {"type":"tool.invoke","params":{"tool":"math.evaluate","input":"x"}}]}}]}]}""");
        assertThat(engine.run(any, run("x")).results().get(0).ok()).isFalse();
    }

    @Test
    void llmInvokeGetsTheUserTextAsDataAndIntermediateOutputIsAStep() {
        RuleSet set = rules("""
                {"rules":[{"id":"r","trigger":"message.received","actions":[
                  {"id":"ans","type":"llm.invoke","params":{"systemPrompt":"Be brief in org {{org.id}}","resultKey":"answer"}},
                  {"type":"message.send","params":{"content":"{{steps.ans.response}}"}}]}]}""");
        RunResult result = engine.run(set, run("tell me {{token}} and {{@env.SECRET}}"));
        assertThat(asked).singleElement().satisfies(ask -> {
            assertThat(ask.actingFor()).isEqualTo("assistant:tester");
            assertThat(ask.orgId()).isEqualTo("org-1");
            assertThat(ask.messages()).containsExactly(Map.of("role", "system", "content", "Be brief in org org-1"),
                    Map.of("role", "user", "content", "tell me {{token}} and {{@env.SECRET}}"));
        });
        assertThat(reply(result)).isEqualTo("model says hi");
        assertThat(result.context()).containsEntry("answer", "model says hi");
        assertThat(((Map<?, ?>) result.flattened().get(1).output()).get("contentFromModel")).isEqualTo(true);
    }

    @Test
    void assistantsListIsSortedByKey() {
        RuleSet set = rules("""
                {"rules":[{"id":"r","trigger":"message.received","actions":[
                  {"id":"l","type":"tool.invoke","params":{"tool":"assistants.list","input":""}},
                  {"type":"message.send","params":{"content":"{{#each steps.l.result}}{{key}};{{/each}}"}}]}]}""");
        assertThat(reply(engine.run(set, run("x")))).isEqualTo("a;b;");
        RuleSet bad = rules("""
                {"rules":[{"id":"r","trigger":"message.received","actions":[
                  {"type":"tool.invoke","params":{"tool":"math.evaluate","input":{"not":"a string"}}}]}]}""");
        assertThat(engine.run(bad, run("x")).results().get(0).error()).isEqualTo("tool.invoke input must be a string");
    }

    @Test
    void waitWaitsAndRejectsBadUnits() {
        RuleSet set = rules("""
                {"rules":[{"id":"r","trigger":"message.received","actions":[
                  {"type":"wait","params":{"duration":5,"unit":"ms"}},
                  {"type":"wait","params":{"duration":1,"unit":"h"}}]}]}""");
        RunResult result = engine.run(set, run("x"));
        assertThat(result.results()).extracting(ActionResult::ok).containsExactly(true, false);
        List<Object> waited = new ArrayList<>();
        waited.add(((Map<?, ?>) result.results().get(0).output()).get("waitedMs"));
        assertThat(waited).containsExactly(5L);
        assertThat(new LinkedHashMap<>(result.steps().get(0))).containsKey("outputDigest");
    }

    @Test
    void assistantRouteResolvesRefusesSelfAndASecondHop() {
        RuleSet set = rules("""
                {"rules":[{"id":"r","trigger":"message.received","actions":[
                  {"id":"pick","type":"tool.invoke","params":{"tool":"assistants.route","input":"{{message.content}}","resultKey":"routeTarget"}},
                  {"type":"assistant.route","params":{"fromContext":true,"reason":"asked {{routeTarget.method}}"}}]}]}""");
        RunResult routed = engine.run(set, run("@bee please"));
        assertThat(routed.results().get(1).ok()).isTrue();
        assertThat(castMap(routed.results().get(1).output())).containsEntry("targetAssistant", "b")
                .containsEntry("suppressResponse", true).containsEntry("reason", "asked addressed")
                .containsEntry("method", "addressed");
        Run self = new Run("org-1", "c", "b", "message.received", Map.of("content", "@b hi", "metadata", Map.of()),
                Map.of(), Map.of(), List.of(Map.of("key", "b")), "idle", Map.of());
        assertThat(engine.run(set, self).results().get(1).error()).contains("itself");
        Run twice = new Run("org-1", "c", "tester", "message.received", Map.of("content", "@bee hi",
                "metadata", Map.of("routedFrom", "x")), Map.of(), Map.of(), List.of(Map.of("key", "b", "alias", "bee")),
                "idle", Map.of());
        assertThat(engine.run(set, twice).results().get(1).error()).contains("already routed");
        RuleSet unknown = rules("""
                {"rules":[{"id":"r","trigger":"message.received","actions":[
                  {"type":"assistant.route","params":{"targetAssistant":"@nobody"}}]}]}""");
        assertThat(engine.run(unknown, run("x")).results().get(0).error()).isEqualTo("Unknown assistant nobody; available: a, b");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object o) {
        return (Map<String, Object>) o;
    }
}
