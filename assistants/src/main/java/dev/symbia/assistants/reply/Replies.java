package dev.symbia.assistants.reply;

import dev.symbia.assistants.agent.AssistantAgents;
import dev.symbia.assistants.config.AssistantsProperties;
import dev.symbia.assistants.conversation.ConversationState;
import dev.symbia.assistants.conversation.ConversationStore;
import dev.symbia.assistants.conversation.RunStore;
import dev.symbia.assistants.definition.AssistantDefinition;
import dev.symbia.assistants.definition.AssistantDirectory;
import dev.symbia.assistants.streaming.ReplyDeltas;
import dev.symbia.assistants.engine.ActionResult;
import dev.symbia.assistants.engine.Grants;
import dev.symbia.assistants.engine.MathEvaluator;
import dev.symbia.assistants.engine.RuleEngine;
import dev.symbia.assistants.engine.Run;
import dev.symbia.assistants.engine.RunResult;
import dev.symbia.assistants.operator.Operator;
import dev.symbia.assistants.provenance.Provenance;
import dev.symbia.relay.Relay;
import org.springframework.beans.factory.ObjectProvider;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * How an assistant answers a {@code message.new} (reference §3.8): agents' messages are ignored (loop guard), and
 * so are turns the chat stream already answers; candidates are the conversation's assistant participants, narrowed
 * to the one a leading {@code @mention} names; a specialist (one with routing patterns) answers only when addressed
 * or routed to; each message is claimed once per assistant across replicas; the rules run on the persisted
 * conversation state; the reply is the last successful {@code message.send} (intermediate model output never leaks),
 * a failure becomes an explicit refusal, and every reply carries a sealed provenance envelope. The answer goes
 * back to messaging as {@code message.response} on the network.
 */
@Service
public class Replies {

    private static final Logger log = LoggerFactory.getLogger(Replies.class);
    static final String RESPONSE = "message.response";
    /** Tells a waiting chat stream that no answer will come under its reserved id (not a message: nothing is posted). */
    static final String UNANSWERED = "message.unanswered";
    private static final Pattern MENTION = Pattern.compile("^\\s*@([A-Za-z0-9][A-Za-z0-9._-]{0,63})\\b\\s*");

    private final AssistantDirectory directory;
    private final ConversationStore conversations;
    private final RunStore runs;
    private final RuleEngine engine;
    private final Provenance provenance;
    private final ObjectProvider<Relay> relay;
    private final JsonMapper json;
    private final Operator operator;
    private final AssistantsProperties properties;
    private final AssistantAgents agents;

    Replies(AssistantDirectory directory, ConversationStore conversations, RunStore runs, RuleEngine engine,
            Provenance provenance, ObjectProvider<Relay> relay, JsonMapper json, Operator operator,
            AssistantsProperties properties, AssistantAgents agents) {
        this.properties = properties;
        this.agents = agents;
        this.directory = directory;
        this.conversations = conversations;
        this.runs = runs;
        this.engine = engine;
        this.provenance = provenance;
        this.relay = relay;
        this.json = json;
        this.operator = operator;
    }

    /** Handles one {@code message.new} event's data; {@code eventId} is the network event it came in. */
    @SuppressWarnings("unchecked")
    public void onMessageNew(JsonNode data, String eventId) {
        String org = data.path("orgId").asString("");
        String conversationId = data.path("conversationId").asString("");
        JsonNode message = data.path("message");
        String messageId = message.path("id").asString("");
        if (org.isBlank() || conversationId.isBlank() || messageId.isBlank()) {
            return;
        }
        if ("agent".equals(message.path("senderType").asString("")) || message.path("metadata").has("answeredBy")) {
            return;
        }
        List<AssistantDefinition> candidates = new ArrayList<>();
        for (JsonNode a : data.path("assistants")) {
            directory.find(org, a.path("key").asString("")).ifPresent(candidates::add);
        }
        String content = message.path("content").asString("");
        Matcher mention = MENTION.matcher(content);
        // a leading @mention, else the assistant messaging's chat stream asked (POST /api/send with "assistant")
        Optional<AssistantDefinition> addressed = mention.find() ? directory.find(org, mention.group(1))
                : directory.find(org, message.path("metadata").path("addressedTo").asString(""));
        if (addressed.isPresent() && candidates.stream().anyMatch(c -> c.key().equals(addressed.get().key()))) {
            candidates = List.of(addressed.get());
        }
        boolean routed = message.path("metadata").has("routedFrom");
        for (AssistantDefinition assistant : candidates) {
            boolean isAddressed = addressed.isPresent() && addressed.get().key().equals(assistant.key());
            if (assistant.specialist() && !isAddressed && !routed) {
                continue; // the specialist gate: one message, one answer
            }
            // One round trip: the claim and, for the rules, the conversation's state.
            Optional<ConversationState> claimed = conversations.claim(org, assistant.key(), messageId, conversationId,
                    "assistants");
            if (claimed.isEmpty()) {
                continue; // another replica (or a redelivery) has it
            }
            try {
                if (operator.handles(assistant)) { // the operator plans with tools instead of running rules
                    operator.onMessage(org, conversationId, message, isAddressed ? mention.replaceFirst("") : content);
                    continue;
                }
                answer(assistant, org, conversationId, message, isAddressed ? mention.replaceFirst("") : content,
                        eventId, claimed.get());
            } catch (RuntimeException e) {
                log.error("Assistant {} failed on message {} of conversation {}: {}", assistant.key(), messageId,
                        conversationId, e.toString());
            }
        }
    }

    @SuppressWarnings("unchecked")
    private void answer(AssistantDefinition assistant, String org, String conversationId, JsonNode message,
            String content, String eventId, ConversationState state) {
        Map<String, Object> msg = new LinkedHashMap<>();
        msg.put("id", message.path("id").asString(""));
        msg.put("content", content); // data: never interpolated
        msg.put("senderId", message.path("senderId").asString(""));
        msg.put("senderType", message.path("senderType").asString(""));
        msg.put("contentType", message.path("contentType").asString("text"));
        Map<String, Object> metadata = message.path("metadata").isObject()
                ? new LinkedHashMap<>(json.convertValue(message.get("metadata"), Map.class)) : new LinkedHashMap<>();
        metadata.put("originalContent", message.path("content").asString(""));
        msg.put("metadata", metadata);
        Map<String, Object> user = Map.of("id", message.path("senderId").asString(""));
        List<Map<String, Object>> roster = directory.roster(org).stream().map(d -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("key", d.key());
            m.put("alias", d.alias());
            m.put("name", d.name());
            m.put("description", d.description());
            m.put("routing", d.routing());
            return m;
        }).toList();
        Grants grants = grants(org, assistant);
        Run run = new Run(org, conversationId, assistant.key(), "message.received", msg, user,
                Map.of("assistantKey", assistant.key(), "messageId", msg.get("id")), roster, state.state(),
                state.context()).actingWith(grants);
        String replyId = replyId(message);
        String waiting = reserved(message); // a chat stream waits for this assistant's answer under this id
        if (waiting != null && !grants.holds(Grants.SEND)) {
            // It will say nothing: the caller hears so now, not after messaging's silence timeout. The rules still
            // run (they may hand off or remember), but nothing of theirs reaches the conversation.
            unanswered(org, conversationId, assistant.key(), waiting, "not_permitted", "assistant:" + assistant.key()
                    + (grants.unavailable() != null ? " cannot act in this organization now (" + grants.unavailable() + ")"
                            : " is not granted " + Grants.SEND + " in this organization; an org admin can grant it "
                                    + "(GET /api/assistants/assistants/" + assistant.key() + "/agent shows how)") + ".");
        }
        Relay streamTo = grants.holds(Grants.SEND) ? relay.getIfAvailable() : null; // no right to speak: no deltas
        ReplyDeltas deltas = streamTo == null ? null : new ReplyDeltas(streamTo, org, conversationId, assistant.key(),
                replyId, properties.deltaInterval());
        if (deltas != null) {
            run.streamReplyTo(deltas);
        }
        RunResult result = engine.run(assistant.ruleSet(), run);
        if (deltas != null) {
            deltas.flush();
        }
        Reply reply = extract(result);
        Optional<ActionResult> route = result.flattened().stream()
                .filter(r -> r.ok() && "assistant.route".equals(r.type())).reduce((a, b) -> b);
        boolean mute = reply.content != null && !grants.holds(Grants.SEND);
        String outcome = result.rulesMatched() == 0 ? "observed" : route.isPresent() ? "routed"
                : reply.content == null ? "silent" : mute ? "not_permitted" : reply.refusal ? "refused" : "answered";
        runs.record(result.runId(), org, assistant.key(), conversationId, (String) msg.get("id"), result.trigger(),
                result.rulesEvaluated(), result.rulesMatched(), result.matchedRule(), outcome, result.trace());
        if (route.isPresent() || reply.content == null || mute) {
            conversations.save(org, assistant.key(), conversationId, result.state(), result.context());
        }
        if (mute) {
            // Even a refusal is a message: an assistant without cap:messaging.write says nothing at all.
            log.warn("assistant:{} may not send in org {} ({}); its reply to message {} of conversation {} is dropped",
                    assistant.key(), org, grants.unavailable() != null ? grants.unavailable()
                            : "not granted " + Grants.SEND, msg.get("id"), conversationId);
            return;
        }
        if (route.isPresent()) {
            forward(assistant, org, conversationId, message, (Map<String, Object>) route.get().output(), result.runId());
            return; // assistant.route suppresses the router's own reply
        }
        if (reply.content == null) {
            if (waiting != null && grants.holds(Grants.SEND)) { // (without it, the caller heard why already)
                unanswered(org, conversationId, assistant.key(), waiting, "no_reply",
                        "assistant:" + assistant.key() + "'s rules have no answer to this message.");
            }
            return;
        }
        JsonNode inbound = message.path("metadata").path("symbia").path("delegation").path("hash");
        Map<String, Object> envelope = provenance.seal(new Provenance.Reply(reply.content, reply.fields,
                reply.fromModel, reply.refusal, result.steps(), result.matchedRule(), assistant.key(), result.runId(),
                eventId, inbound.isString() ? inbound.asString() : null));
        remember(result, (String) msg.get("id"), reply, envelope);
        conversations.save(org, assistant.key(), conversationId, result.state(), result.context());
        Map<String, Object> replyMetadata = new LinkedHashMap<>();
        replyMetadata.put("symbia", Map.of("provenance", envelope));
        replyMetadata.put("assistantKey", assistant.key());
        replyMetadata.put("rulesEvaluated", result.rulesEvaluated());
        replyMetadata.put("rulesMatched", result.rulesMatched());
        replyMetadata.put("runId", result.runId());
        replyMetadata.put("ruleTrace", Map.of("runId", result.runId(), "trigger", result.trigger(),
                "rulesEvaluated", result.rulesEvaluated(), "rulesMatched", result.rulesMatched(),
                "totalDurationMs", result.durationMs(), "entries", result.trace()));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("conversationId", conversationId);
        out.put("orgId", org);
        out.put("assistantKey", assistant.key());
        out.put("assistant", Map.of("key", assistant.key(), "userId", assistant.principalId()));
        out.put("messageId", replyId); // the id its streamed deltas carried
        out.put("message", Map.of("content", reply.content, "content_type", "markdown", "metadata", replyMetadata));
        Relay current = relay.getIfAvailable();
        if (current == null) {
            log.warn("No relay (NETWORK_RELAY_ENABLED=false): the reply of {} in {} is not delivered", assistant.key(),
                    conversationId);
            return;
        }
        current.publish(RESPONSE, out, "messaging");
    }

    /**
     * {@code message.unanswered} to messaging: the chat stream waiting under {@code replyId} ends at once with this
     * reason. The service says it, not the assistant (which may not be allowed to speak), and nothing is stored as
     * the assistant's message.
     */
    private void unanswered(String org, String conversationId, String key, String replyId, String code, String reason) {
        Relay current = relay.getIfAvailable();
        if (current == null) {
            return;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("conversationId", conversationId);
        out.put("orgId", org);
        out.put("assistantKey", key);
        out.put("messageId", replyId);
        out.put("code", code);
        out.put("reason", reason);
        current.publish(UNANSWERED, out, "messaging");
    }

    /** What the assistant's agent holds in the org now; none (with the reason) when identity gives no token. */
    private Grants grants(String org, AssistantDefinition assistant) {
        try {
            return Grants.of(agents.forAssistant(org, assistant.key()).granted());
        } catch (AssistantAgents.Unavailable e) {
            log.warn("assistant:{} acts with no grants in org {}: {}", assistant.key(), org, e.getMessage());
            return Grants.none(e.getMessage());
        }
    }

    /**
     * Remembers the turn in the conversation context (reference §3.8 step 10): the typed result and expression
     * when the reply has them, the message id and a compact provenance every turn — except after a meta reply
     * (one that explained provenance), so "explain" keeps explaining the answer, not itself.
     */
    @SuppressWarnings("unchecked")
    private static void remember(RunResult result, String messageId, Reply reply, Map<String, Object> envelope) {
        if (result.steps().stream().anyMatch(s -> "tool:provenance.explain".equals(s.get("source")))) {
            return;
        }
        Map<String, Object> body = (Map<String, Object>) envelope.get("body");
        Map<String, Object> memory = new LinkedHashMap<>();
        if (reply.fields != null) {
            if (reply.fields.get("result") != null) {
                memory.put("result", reply.fields.get("result"));
            }
            if (reply.fields.get("expression") != null) {
                memory.put("expression", reply.fields.get("expression"));
            }
        }
        memory.put("messageId", messageId);
        memory.put("content", reply.content);
        memory.put("provenance", Map.of("arena", body.get("arena"), "basis", envelope.get("basis"),
                "hash", envelope.get("hash"), "rule", String.valueOf(body.get("rule")),
                "steps", ((List<Map<String, Object>>) body.get("steps")).stream().map(s -> Map.of(
                        "action", s.get("action"), "source", s.get("source"), "ok", s.get("ok"))).toList()));
        Map<String, Object> previous = result.context().get(RunResult.MEMORY) instanceof Map<?, ?> m
                ? (Map<String, Object>) m : Map.of();
        if (!memory.containsKey("result") && previous.containsKey("result")) {
            memory.put("result", previous.get("result")); // a chatty turn does not forget the last number
            memory.put("expression", previous.get("expression"));
        }
        result.context().put(RunResult.MEMORY, memory);
    }

    /**
     * Hands the message to the routed specialist in this service (no network hop): same message id, marked
     * {@code routedFrom} (so the specialist gate opens and no second hop happens) with the sealed delegation.
     */
    private void forward(AssistantDefinition from, String org, String conversationId, JsonNode message,
            Map<String, Object> route, String runId) {
        String target = String.valueOf(route.get("targetAssistant"));
        Map<String, Object> delegation = provenance.delegation(from.key(), target, (String) route.get("reason"),
                String.valueOf(route.get("method")), runId);
        Map<String, Object> forwarded = json.convertValue(message, Map.class);
        forwarded.put("content", String.valueOf(route.get("content")));
        Map<String, Object> metadata = new LinkedHashMap<>(message.path("metadata").isObject()
                ? json.convertValue(message.get("metadata"), Map.class) : Map.of());
        metadata.put("routedFrom", from.key());
        metadata.put("routeReason", route.get("reason"));
        metadata.put("symbia", Map.of("delegation", delegation));
        forwarded.put("metadata", metadata);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("conversationId", conversationId);
        data.put("orgId", org);
        data.put("message", forwarded);
        data.put("assistants", List.of(Map.of("key", target, "userId", "assistant:" + target)));
        onMessageNew(json.valueToTree(data), runId);
    }

    /**
     * The reply's message id: the one messaging reserved for it (a chat stream waiting for this assistant's
     * answer names it in {@code metadata.replyMessageId}), else a new one.
     */
    private static String replyId(JsonNode message) {
        String reserved = reserved(message);
        return reserved != null ? reserved : UUID.randomUUID().toString();
    }

    /** The reply id a waiting chat stream reserved ({@code metadata.replyMessageId}), or null. */
    private static String reserved(JsonNode message) {
        try {
            return UUID.fromString(message.path("metadata").path("replyMessageId").asString("")).toString();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The reference's reply extraction over the flattened results. */
    record Reply(String content, Map<String, Object> fields, boolean fromModel, boolean refusal) {
    }

    @SuppressWarnings("unchecked")
    static Reply extract(RunResult result) {
        String content = null;
        Map<String, Object> fields = null;
        boolean fromModel = false;
        String error = null;
        for (ActionResult r : result.flattened()) {
            if (!r.ok()) {
                error = r.error();
            } else if ("message.send".equals(r.type()) && r.output() instanceof Map<?, ?> out) {
                content = String.valueOf(out.get("content"));
                fields = out.get("fields") instanceof Map<?, ?> f ? (Map<String, Object>) f : null;
                fromModel = Boolean.TRUE.equals(out.get("contentFromModel"));
            }
        }
        if (content != null && !content.isBlank()) {
            return new Reply(content, fields, fromModel, false);
        }
        if (error != null) {
            String text = error.startsWith(MathEvaluator.DECLINED) ? error.substring(MathEvaluator.DECLINED.length())
                    : "⚠️ I ran into a problem and stopped rather than guessing: " + error;
            return new Reply(text, null, false, true);
        }
        return new Reply(null, null, false, false);
    }
}
