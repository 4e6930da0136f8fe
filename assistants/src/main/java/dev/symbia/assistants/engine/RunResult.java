package dev.symbia.assistants.engine;

import java.util.List;
import java.util.Map;

/**
 * What a rule run did: counts, the matched (or surfaced ceded) rule, its action results, the provenance steps,
 * the rule trace, and the conversation state and context after the run.
 */
public record RunResult(String runId, String trigger, int rulesEvaluated, int rulesMatched, String matchedRule,
        boolean ceded, List<ActionResult> results, List<Map<String, Object>> steps, List<Map<String, Object>> trace,
        String state, Map<String, Object> context, long durationMs) {

    /** The context key under which replies remember the last turn (read by context.resolve and provenance.explain). */
    public static final String MEMORY = TurnTools.MEMORY;

    /** Results of the matched rule, depth-first, descending into condition / parallel / loop bodies. */
    public List<ActionResult> flattened() {
        List<ActionResult> out = new java.util.ArrayList<>();
        flatten(results, out);
        return out;
    }

    private static void flatten(List<ActionResult> in, List<ActionResult> out) {
        for (ActionResult r : in) {
            out.add(r);
            if (r.nested() != null) {
                flatten(r.nested(), out);
            }
        }
    }
}
