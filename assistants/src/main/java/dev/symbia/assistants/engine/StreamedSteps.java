package dev.symbia.assistants.engine;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which {@code llm.invoke} steps of a rule may stream into the conversation: only one whose answer IS the reply.
 * That is decided from the rule as authored, before anything runs, so intermediate model output never reaches
 * anyone: the step must be followed in the same action list by the rule's last {@code message.send}, whose whole
 * template is that step's answer ({@code {{steps.<id>.response}}} or its {@code resultKey}). Steps inside
 * {@code parallel} or {@code loop} never stream; {@code condition} branches are looked into (a send after the
 * condition still wins). A reply that wraps the answer in other text appears when the run ends, as before.
 */
final class StreamedSteps {

    private static final Pattern WHOLE_ANSWER = Pattern.compile(
            "^\\s*\\{\\{\\s*(?:@?context\\.)?(?:steps\\.([A-Za-z0-9_.-]+?)\\.response|([A-Za-z0-9_-]+))\\s*\\}\\}\\s*$");

    private StreamedSteps() {
    }

    static Set<String> of(List<Map<String, Object>> actions) {
        Set<String> out = new HashSet<>();
        collect(actions, false, out);
        return Set.copyOf(out);
    }

    private static void collect(List<Map<String, Object>> actions, boolean sendAfter, Set<String> out) {
        for (int i = 0; i < actions.size(); i++) {
            Map<String, Object> action = actions.get(i);
            boolean laterSend = sendAfter || anySend(actions.subList(i + 1, actions.size()));
            String type = String.valueOf(action.get("type"));
            if ("message.send".equals(type) && !laterSend) {
                String llmStep = answerOf(action, actions.subList(0, i));
                if (llmStep != null) {
                    out.add(llmStep);
                }
            } else if ("condition".equals(type)) {
                Map<String, Object> params = params(action);
                collect(list(params.get("then")), laterSend, out);
                collect(list(params.get("else")), laterSend, out);
            }
        }
    }

    /** The id of the earlier llm.invoke in {@code before} whose answer is the whole of this send's template. */
    private static String answerOf(Map<String, Object> send, List<Map<String, Object>> before) {
        Map<String, Object> params = params(send);
        Object template = params.get("content") != null ? params.get("content")
                : params.get("template") != null ? params.get("template") : params.get("contentTemplate");
        if (!(template instanceof String text) || params.get("fields") != null) {
            return null;
        }
        Matcher m = WHOLE_ANSWER.matcher(text);
        if (!m.matches()) {
            return null;
        }
        for (int i = before.size() - 1; i >= 0; i--) {
            Map<String, Object> action = before.get(i);
            if (!"llm.invoke".equals(action.get("type"))) {
                continue;
            }
            String id = action.get("id") instanceof String s ? s : "llm.invoke";
            boolean byId = m.group(1) != null && m.group(1).equals(id);
            boolean byKey = m.group(2) != null && m.group(2).equals(params(action).get("resultKey"));
            if (byId || byKey) {
                return id;
            }
        }
        return null;
    }

    private static boolean anySend(List<Map<String, Object>> actions) {
        for (Map<String, Object> action : actions) {
            Object type = action.get("type");
            if ("message.send".equals(type)) {
                return true;
            }
            Map<String, Object> params = params(action);
            for (String nested : List.of("then", "else", "actions")) {
                if (anySend(list(params.get(nested)))) {
                    return true;
                }
            }
        }
        return false;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> params(Map<String, Object> action) {
        return action.get("params") instanceof Map<?, ?> p ? (Map<String, Object>) p : Map.of();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Object raw) {
        return raw instanceof List<?> l ? l.stream().filter(Map.class::isInstance).map(a -> (Map<String, Object>) a)
                .toList() : List.of();
    }
}
