package dev.symbia.assistants.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The conversational tools of §3.5 that read the conversation's memory ({@code _memory} in the persisted context:
 * the last reply's {@code result}, {@code expression}, message id and compact provenance): {@code conversation.turn},
 * {@code context.resolve} and {@code provenance.explain}. Deterministic: no model.
 */
final class TurnTools {

    static final String MEMORY = "_memory";
    private static final String TURNS = "_turnKinds";

    private static final Pattern CORRECTION = Pattern.compile(
            "^(no[,!.]?\\s|actually\\b|i meant\\b|wait[,!.]?\\s|correction\\b|sorry,? i meant\\b)|\\b(add|include)\\b.*\\bfirst\\b",
            Pattern.CASE_INSENSITIVE);
    private static final Map<String, Pattern> KINDS = new LinkedHashMap<>();

    static {
        KINDS.put("greeting", Pattern.compile("^(hi|hello|hey|hiya|good (morning|afternoon|evening)|greetings)\\b[\\s!.,]*\\w{0,12}[!.]?$",
                Pattern.CASE_INSENSITIVE));
        KINDS.put("closing", Pattern.compile("^(bye|goodbye|see you( later)?|good night|that'?s all|i'?m done)\\b[\\s!.]*$",
                Pattern.CASE_INSENSITIVE));
        KINDS.put("acknowledgement", Pattern.compile("^(thanks|thank you|thx|ok(ay)?|got it|great|cool|nice|perfect|cheers)\\b[\\s!.]*(a lot|very much)?[\\s!.]*$",
                Pattern.CASE_INSENSITIVE));
        KINDS.put("capability", Pattern.compile("^(what can you do|help|who are you|what are you|how do you work)\\b[\\s?!.]*$",
                Pattern.CASE_INSENSITIVE));
    }

    private static final Map<String, List<String>> REPLIES = Map.of(
            "greeting", List.of("Hello! What can I work out for you?", "Hi again!", "Still here — go ahead."),
            "closing", List.of("Goodbye!", "Bye again!", "See you."),
            "acknowledgement", List.of("You're welcome.", "Glad to help.", "Any time."),
            "capability", List.of("I answer from my rules and tools; ask me something specific.",
                    "As before: my rules and tools. Try a concrete question.", "Same as before — ask away."));
    private static final Pattern REPEAT = Pattern.compile("^(again|same again|do (that|it) again|repeat( that)?|once more)[\\s!.?]*$",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern BACK_REFERENCE = Pattern.compile(
            "\\b(the (result|answer|total)|that number|(the )?previous result|that|it)\\b", Pattern.CASE_INSENSITIVE);

    private TurnTools() {
    }

    @SuppressWarnings("unchecked")
    static Object conversationTurn(String input, Map<String, Object> ctx) {
        String text = input.trim();
        if (CORRECTION.matcher(text).find()) {
            throw new ActionFailure("correction: this turn corrects an earlier one");
        }
        for (Map.Entry<String, Pattern> kind : KINDS.entrySet()) {
            if (kind.getValue().matcher(text).find()) {
                Map<String, Object> seen = ctx.get(TURNS) instanceof Map<?, ?> m ? new LinkedHashMap<>((Map<String, Object>) m)
                        : new LinkedHashMap<>();
                int count = seen.get(kind.getKey()) instanceof Number n ? n.intValue() + 1 : 1;
                seen.put(kind.getKey(), count);
                ctx.put(TURNS, seen);
                List<String> replies = REPLIES.get(kind.getKey());
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("kind", kind.getKey());
                out.put("matched", true);
                out.put("seen", count);
                out.put("reply", replies.get(Math.min(count, replies.size()) - 1));
                return out;
            }
        }
        throw new ActionFailure("work: this turn asks for work, not conversation");
    }

    static Object contextResolve(String input, Map<String, Object> ctx) {
        Map<String, Object> memory = memory(ctx);
        Map<String, Object> out = new LinkedHashMap<>();
        String text = input.trim();
        if (REPEAT.matcher(text).matches()) {
            if (memory.get("expression") instanceof String expression) {
                out.put("text", expression);
                out.put("resolved", true);
                out.put("substitutions", List.of(Map.of("from", text, "to", expression)));
                out.put("fromMessageId", memory.get("messageId"));
                return out;
            }
            out.put("text", text);
            out.put("resolved", false);
            out.put("substitutions", List.of());
            out.put("reason", "nothing to repeat yet");
            return out;
        }
        Object last = memory.get("result");
        List<Map<String, Object>> substitutions = new ArrayList<>();
        String resolved = text;
        if (last != null) {
            Matcher m = BACK_REFERENCE.matcher(text);
            StringBuilder sb = new StringBuilder();
            while (m.find()) {
                substitutions.add(Map.of("from", m.group(), "to", String.valueOf(last)));
                m.appendReplacement(sb, Matcher.quoteReplacement(Templates.display(last)));
            }
            m.appendTail(sb);
            resolved = sb.toString();
        }
        out.put("text", resolved);
        out.put("resolved", !substitutions.isEmpty());
        out.put("substitutions", substitutions);
        if (!substitutions.isEmpty()) {
            out.put("fromMessageId", memory.get("messageId"));
        } else if (last == null) {
            out.put("reason", "no earlier result to refer to");
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    static Object provenanceExplain(Map<String, Object> ctx) {
        if (!(memory(ctx).get("provenance") instanceof Map<?, ?> p)) {
            throw new ActionFailure("There is no earlier reply to explain yet");
        }
        Map<String, Object> envelope = (Map<String, Object>) p;
        StringBuilder text = new StringBuilder("My last reply was ").append(envelope.get("arena")).append(": ")
                .append(envelope.get("basis"));
        if (envelope.get("steps") instanceof List<?> steps && !steps.isEmpty()) {
            text.append(" Steps:");
            for (Object s : steps) {
                Map<String, Object> step = (Map<String, Object>) s;
                text.append(" ").append(step.get("action")).append(" (").append(step.get("source")).append(", ")
                        .append(Boolean.TRUE.equals(step.get("ok")) ? "ok" : "failed").append(");");
            }
        }
        text.append(" Seal sha256 ").append(envelope.get("hash")).append('.');
        return text.toString();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> memory(Map<String, Object> ctx) {
        return ctx.get(MEMORY) instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }
}
