package dev.symbia.assistants.engine;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * The reference's rule engine (§3.4): selection (enabled rules of the trigger, priority descending with default
 * rules last, stable), first match wins, {@code onError} replaces the remaining actions, {@code fallThrough}
 * cedes a failed rule to the next, and a ceded failure is surfaced when nothing else matched (never silence).
 * Stateless and thread-safe: everything a run changes lives in its {@link Run}.
 */
public final class RuleEngine {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Comparator<Rule> ORDER = Comparator.comparing(Rule::isDefault)
            .thenComparing(Comparator.comparingInt(Rule::priority).reversed());

    private final Actions actions;

    public RuleEngine(Llm llm) {
        this(llm, Handoffs.NONE);
    }

    public RuleEngine(Llm llm, Handoffs handoffs) {
        this(llm, handoffs, Webhooks.NONE);
    }

    public RuleEngine(Llm llm, Handoffs handoffs, Webhooks webhooks) {
        this(llm, handoffs, webhooks, Services.NONE);
    }

    public RuleEngine(Llm llm, Handoffs handoffs, Webhooks webhooks, Services services) {
        this.actions = new Actions(llm, handoffs, webhooks, services);
    }

    /** The rules a trigger considers, in evaluation order. */
    static List<Rule> candidates(RuleSet set, String trigger) {
        List<Rule> rules = new ArrayList<>(set.rules().stream().filter(r -> r.enabled() && r.trigger().equals(trigger))
                .toList());
        rules.sort(ORDER); // List.sort is stable: ties keep declaration order
        return rules;
    }

    public RunResult run(RuleSet set, Run run) {
        long start = System.nanoTime();
        if (set == null || !set.active()) {
            return result(run, 0, 0, null, false, List.of(), List.of(), start);
        }
        int evaluated = 0;
        int matched = 0;
        List<Map<String, Object>> trace = new ArrayList<>();
        Rule cededRule = null;
        List<ActionResult> cededResults = null;
        Map<String, Object> root = run.conditionRoot(run.context);
        for (Rule rule : candidates(set, run.trigger)) {
            evaluated++;
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("ruleId", rule.id());
            entry.put("ruleName", rule.name());
            boolean hit = Conditions.group(rule.conditions(), root);
            entry.put("matched", hit);
            trace.add(entry);
            if (!hit) {
                continue;
            }
            matched++;
            Outcome outcome = runActions(rule, run);
            entry.put("actions", outcome.results.stream().map(RuleEngine::traced).toList());
            if (outcome.ceded) {
                root = run.conditionRoot(run.context); // the ceded rule's actions may have moved the state
                entry.put("ceded", true);
                if (cededRule == null) {
                    cededRule = rule;
                    cededResults = outcome.results;
                }
                continue;
            }
            return result(run, evaluated, matched, rule.id(), false, outcome.results, trace, start);
        }
        if (cededRule != null) {
            // Nothing else answered: the ceded failure is the outcome, so the caller can refuse explicitly.
            return result(run, evaluated, matched, cededRule.id(), true, cededResults, trace, start);
        }
        return result(run, evaluated, matched, null, false, List.of(), trace, start);
    }

    private record Outcome(List<ActionResult> results, boolean ceded) {
    }

    /** An action in the run's trace; a failure says why (a refusal names the capability an admin may grant). */
    private static Map<String, Object> traced(ActionResult r) {
        Map<String, Object> action = new LinkedHashMap<>();
        action.put("type", r.type());
        action.put("success", r.ok());
        action.put("durationMs", r.durationMs());
        if (!r.ok() && r.error() != null) {
            action.put("error", r.error());
        }
        return action;
    }

    private Outcome runActions(Rule rule, Run run) {
        List<ActionResult> results = new ArrayList<>();
        run.streamedSteps = StreamedSteps.of(rule.actions());
        for (Map<String, Object> action : rule.actions()) {
            ActionResult r = actions.execute(action, run, run.context);
            results.add(r);
            if (r.ok() || Actions.UNKNOWN.equals(r.error())) {
                continue; // an unknown type is recorded and the rule goes on (reference)
            }
            if (action.get("onError") instanceof Map<?, ?> onError) {
                @SuppressWarnings("unchecked")
                Map<String, Object> handler = (Map<String, Object>) onError;
                results.add(actions.execute(handler, run, run.context));
                return new Outcome(results, false);
            }
            return new Outcome(results, rule.fallThrough());
        }
        return new Outcome(results, false);
    }

    private static RunResult result(Run run, int evaluated, int matched, String rule, boolean ceded,
            List<ActionResult> results, List<Map<String, Object>> trace, long start) {
        List<Map<String, Object>> steps;
        synchronized (run.steps) {
            steps = List.copyOf(run.steps);
        }
        return new RunResult(run.runId, run.trigger, evaluated, matched, rule, ceded, List.copyOf(results), steps,
                Collections.unmodifiableList(trace), run.state, run.context, (System.nanoTime() - start) / 1_000_000);
    }

    /** sha256 of the output's JSON, first 16 hex characters (the reference's outputDigest). */
    static String digest(Object output) {
        try {
            byte[] bytes = JSON.writeValueAsString(output).getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
