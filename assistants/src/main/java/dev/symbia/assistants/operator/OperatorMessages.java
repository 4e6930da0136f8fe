package dev.symbia.assistants.operator;

import dev.symbia.assistants.config.AssistantsProperties;
import dev.symbia.assistants.streaming.ReplyDeltas;
import dev.symbia.assistants.provenance.Provenance;
import dev.symbia.relay.Relay;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Posts the operator's messages into the conversation as it works: ordinary assistant messages (through
 * messaging's {@code message.response}, as every reply) whose {@code metadata.operator} is the card the console
 * draws — {@code plan}, {@code step}, {@code confirm}, {@code confirmation}, {@code note} or {@code answer} (README,
 * "Operator"). The text is what a client without cards shows. A card in its final state says {@code sealed: true}
 * and carries {@code metadata.symbia.seal}: SHA-256 over its RFC 8785 JSON and an Ed25519 signature with the
 * provenance key ({@code /api/assistants/provenance/key}).
 */
@Component
class OperatorMessages {

    private static final Logger log = LoggerFactory.getLogger(OperatorMessages.class);
    private static final int MAX_CONTENT = 20_000;

    private final ObjectProvider<Relay> relay;
    private final Provenance provenance;
    private final AssistantsProperties properties;

    OperatorMessages(ObjectProvider<Relay> relay, Provenance provenance, AssistantsProperties properties) {
        this.relay = relay;
        this.provenance = provenance;
        this.properties = properties;
    }

    /** Where a run speaks: the conversation, its org and the operator's key. */
    record Channel(String org, String conversationId, String assistantKey, String runId) {
    }

    void plan(Channel to, List<Map<String, Object>> steps) {
        StringBuilder text = new StringBuilder("Plan:");
        int n = 1;
        for (Map<String, Object> step : steps) {
            text.append("\n").append(n++).append(". ").append(step.get("summary"));
        }
        post(to, text.toString(), Map.of("kind", "plan", "steps", steps));
    }

    void step(Channel to, String stepId, String tool, String status, String summary, Object result) {
        Map<String, Object> card = new LinkedHashMap<>();
        card.put("kind", "step");
        card.put("stepId", stepId);
        card.put("tool", tool);
        card.put("status", status);
        card.put("summary", summary);
        if (result != null) {
            card.put("result", result);
        }
        String mark = switch (status) {
            case "running" -> "⏳";
            case "succeeded" -> "✅";
            case "refused" -> "⛔";
            default -> "❌";
        };
        post(to, mark + " " + tool + " " + status + ": " + summary, card);
    }

    void confirm(Channel to, String confirmationId, String tool, Map<String, Object> arguments, String summary) {
        Map<String, Object> card = new LinkedHashMap<>();
        card.put("kind", "confirm");
        card.put("confirmationId", confirmationId);
        card.put("tool", tool);
        card.put("arguments", arguments);
        card.put("summary", summary);
        card.put("status", "pending");
        post(to, "I am about to " + summary + ". This changes something outside the platform: reply **yes** to go "
                + "ahead or **no** to cancel.", card);
    }

    void confirmation(Channel to, String confirmationId, String status) {
        String text = switch (status) {
            case "confirmed" -> "Confirmed: going ahead.";
            case "cancelled" -> "Cancelled: nothing was changed.";
            default -> "The confirmation expired: nothing was changed.";
        };
        post(to, text, Map.of("kind", "confirmation", "confirmationId", confirmationId, "status", status));
    }

    void answer(Channel to, String content) {
        answer(to, content, null);
    }

    /** The run's answer; under {@code messageId} when its text was streamed there first. */
    void answer(Channel to, String content, String messageId) {
        post(to, content, Map.of("kind", "answer"), messageId);
    }

    /** What the model said before asking for tools, streamed under {@code messageId}: closed as a note. */
    void note(Channel to, String content, String messageId) {
        post(to, content, Map.of("kind", "note"), messageId);
    }

    /** Where the live text of a message the run is writing goes ({@code message.delta}); null without a relay. */
    ReplyDeltas deltas(Channel to, String messageId) {
        Relay current = relay.getIfAvailable();
        return current == null ? null : new ReplyDeltas(current, to.org(), to.conversationId(), to.assistantKey(),
                messageId, properties.deltaInterval());
    }

    /** Whether a card is in its final state: those are sealed (a running step or a pending confirm will change). */
    static boolean isFinal(Map<String, Object> card) {
        Object status = card.get("status");
        return switch (String.valueOf(card.get("kind"))) {
            case "step" -> !"running".equals(status);
            case "confirm" -> !"pending".equals(status);
            default -> true;
        };
    }

    private void post(Channel to, String content, Map<String, Object> card) {
        post(to, content, card, null);
    }

    private void post(Channel to, String content, Map<String, Object> card, String messageId) {
        String text = content.length() > MAX_CONTENT ? content.substring(0, MAX_CONTENT) + "…" : content;
        Map<String, Object> metadata = new LinkedHashMap<>();
        if (isFinal(card)) {
            // sealed: the card's final state, signed with the provenance key, so a changed copy no longer verifies
            Map<String, Object> sealed = new LinkedHashMap<>(card);
            sealed.put("sealed", true);
            card = sealed;
            Map<String, Object> record = new LinkedHashMap<>();
            record.put("card", sealed);
            record.put("content", text);
            record.put("conversationId", to.conversationId());
            record.put("runId", to.runId());
            record.put("assistant", to.assistantKey());
            metadata.put("symbia", Map.of("seal", provenance.sealRecord(record)));
        }
        metadata.put("operator", card);
        metadata.put("assistantKey", to.assistantKey());
        metadata.put("runId", to.runId());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("conversationId", to.conversationId());
        out.put("orgId", to.org());
        out.put("assistantKey", to.assistantKey());
        out.put("assistant", Map.of("key", to.assistantKey(), "userId", "assistant:" + to.assistantKey()));
        if (messageId != null) {
            out.put("messageId", messageId); // the id its streamed deltas carried
        }
        out.put("message", Map.of("content", text, "content_type", "markdown", "metadata", metadata));
        Relay current = relay.getIfAvailable();
        if (current == null) {
            log.warn("No relay: operator message in {} not delivered", to.conversationId());
            return;
        }
        current.publish("message.response", out, "messaging");
    }
}
