package dev.symbia.assistants.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** An assistant's rules, read from the catalog's {@code metadata.ruleSet} ({@code {rules:[...], isActive?}} or an array). */
public record RuleSet(List<Rule> rules, boolean active) {

    /** The triggers of §3.4. */
    public static final Set<String> TRIGGERS = Set.of("message.received", "conversation.created",
            "conversation.updated", "handoff.requested", "handoff.completed", "context.updated", "timer.elapsed",
            "custom");

    public static final RuleSet EMPTY = new RuleSet(List.of(), true);

    /** Reads a rule set; malformed rules are skipped (a bad catalog entry must not stop the others loading). */
    @SuppressWarnings("unchecked")
    public static RuleSet parse(Object raw) {
        Object rulesRaw = raw instanceof Map<?, ?> m ? m.get("rules") : raw;
        boolean active = !(raw instanceof Map<?, ?> m) || !Boolean.FALSE.equals(m.get("isActive"));
        List<Rule> rules = new ArrayList<>();
        if (rulesRaw instanceof List<?> list) {
            int n = 0;
            for (Object item : list) {
                n++;
                if (!(item instanceof Map<?, ?> r) || !(r.get("trigger") instanceof String trigger)) {
                    continue;
                }
                List<Map<String, Object>> actions = new ArrayList<>();
                if (r.get("actions") instanceof List<?> as) {
                    as.stream().filter(Map.class::isInstance).forEach(a -> actions.add((Map<String, Object>) a));
                }
                String id = r.get("id") instanceof String s ? s : "rule-" + n;
                rules.add(new Rule(id, r.get("name") instanceof String s ? s : id,
                        r.get("priority") instanceof Number p ? p.intValue() : 0,
                        !Boolean.FALSE.equals(r.get("enabled")), trigger, r.get("conditions"), List.copyOf(actions),
                        Boolean.TRUE.equals(r.get("isDefault")), Boolean.TRUE.equals(r.get("fallThrough"))));
            }
        }
        return new RuleSet(List.copyOf(rules), active);
    }
}
