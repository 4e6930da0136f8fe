package dev.symbia.messaging.agent;

import dev.symbia.messaging.conversation.Conversations;
import dev.symbia.messaging.message.Message;
import dev.symbia.messaging.message.MessageStatus;
import dev.symbia.messaging.message.Messages;
import dev.symbia.messaging.message.NewMessage;
import dev.symbia.relay.Relay;
import dev.symbia.relay.RelayEvent;
import dev.symbia.web.problem.ProblemException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Posts assistants' answers into conversations (reference §2.4): a {@code message.response} event from the
 * network — signed, from the assistants node (an event from any other node is ignored) — becomes a
 * message from {@code assistant:<key>}, who joins the conversation if needed. The event must name the
 * conversation's own org: an answer is never written across orgs.
 */
@Component
class AssistantResponses implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(AssistantResponses.class);
    static final String EVENT_TYPE = "message.response";
    static final Pattern KEY = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final int MAX_CONTENT = 100_000;
    static final String ASSISTANTS = "assistants";

    private final ObjectProvider<Relay> relay;
    private final Conversations conversations;
    private final Messages messages;
    private final JsonMapper json;
    private final AssistantDeltas deltas;
    private final AssistantUnanswered unanswered;
    private volatile List<Relay.Subscription> subscriptions = List.of();
    private volatile boolean running;

    AssistantResponses(ObjectProvider<Relay> relay, Conversations conversations, Messages messages, JsonMapper json,
            AssistantDeltas deltas, AssistantUnanswered unanswered) {
        this.deltas = deltas;
        this.unanswered = unanswered;
        this.relay = relay;
        this.conversations = conversations;
        this.messages = messages;
        this.json = json;
    }

    @Override
    public void start() {
        // Without a relay (NETWORK_RELAY_ENABLED=false) there is nothing to listen to.
        // The answers, the pieces of a streamed one before it (message.delta), and "none will come" for a chat
        // stream waiting under a reserved id (message.unanswered).
        relay.ifAvailable(r -> subscriptions = List.of(r.subscribe(EVENT_TYPE, JsonNode.class, this::handle),
                r.subscribe(AssistantDeltas.EVENT_TYPE, JsonNode.class, deltas::handle),
                r.subscribe(AssistantUnanswered.EVENT_TYPE, JsonNode.class, unanswered::handle)));
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        List<Relay.Subscription> current = subscriptions;
        subscriptions = List.of();
        current.forEach(Relay.Subscription::close);
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    void handle(RelayEvent<JsonNode> event) {
        JsonNode data = event.data();
        if (!ASSISTANTS.equals(event.source())) {
            log.warn("Ignoring {} event {} from {}: only assistants answer", EVENT_TYPE, event.envelope().id(), event.source());
            return;
        }
        Optional<UUID> conversationId = uuid(data.path("conversationId").asString(""));
        String key = data.path("assistantKey").asString(data.path("assistant").path("key").asString(""));
        String content = data.path("message").path("content").asString("");
        String orgId = data.path("orgId").asString("");
        if (conversationId.isEmpty() || !KEY.matcher(key).matches() || content.isEmpty() || content.length() > MAX_CONTENT) {
            log.warn("Ignoring malformed {} event {} from {}", EVENT_TYPE, event.envelope().id(), event.source());
            return;
        }
        if (!conversations.existsInOrg(conversationId.get(), orgId)) {
            log.warn("Ignoring {} event {}: conversation not found in org {}", EVENT_TYPE, event.envelope().id(), orgId);
            return;
        }
        String sender = "assistant:" + key;
        conversations.ensureParticipant(conversationId.get(), sender, "agent");
        Map<String, Object> metadata = new LinkedHashMap<>();
        JsonNode given = data.path("message").path("metadata");
        if (given.isObject()) {
            metadata.putAll(json.convertValue(given, Map.class));
        }
        metadata.put("networkEventId", event.envelope().id());
        metadata.put("networkRunId", event.runId());
        // The id its streamed deltas carried: subscribers replace the preview with this message. A chat stream
        // reserved it as a streaming placeholder (finished here); otherwise it is appended under that id, so a
        // redelivered answer is not posted twice.
        Optional<UUID> messageId = uuid(data.path("messageId").asString(""));
        Optional<Message> reserved = messageId.flatMap(id -> messages.find(conversationId.get(), id))
                .filter(m -> m.senderId().equals(sender) && m.status() == MessageStatus.STREAMING);
        if (reserved.isPresent()) {
            metadata.put("finishReason", "stop");
            messages.finish(conversationId.get(), reserved.get().id(), content, MessageStatus.COMPLETE, metadata);
            return;
        }
        NewMessage answer = NewMessage.text(conversationId.get(), orgId, sender, "agent", content, MessageStatus.COMPLETE,
                metadata);
        try {
            messages.appendOnce(messageId.map(answer::withId).orElse(answer));
        } catch (ProblemException e) {
            log.warn("Ignoring {} event {}: {}", EVENT_TYPE, event.envelope().id(), e.getMessage());
        }
    }

    static Optional<UUID> uuid(String value) {
        try {
            return Optional.of(UUID.fromString(value));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
