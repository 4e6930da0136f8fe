package dev.symbia.messaging.agent;

import dev.symbia.messaging.conversation.Conversations;
import dev.symbia.messaging.live.ConversationEvent;
import dev.symbia.relay.Relay;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tells the assistants of a conversation that someone wrote (SPEC §5, reference §2.4): every new message
 * not written by an agent, in a conversation with {@code assistant:*} participants, becomes a
 * {@code message.new} event on the network. Unlike the reference, the caller's bearer token never travels
 * in the event — assistants act with their own credentials. Publishing never blocks (the relay buffers).
 */
@Component
class AssistantFanout {

    private static final Logger log = LoggerFactory.getLogger(AssistantFanout.class);
    static final String EVENT_TYPE = "message.new";

    private final ObjectProvider<Relay> relay;
    private final Conversations conversations;
    private final JsonMapper json;

    AssistantFanout(ObjectProvider<Relay> relay, Conversations conversations, JsonMapper json) {
        this.relay = relay;
        this.conversations = conversations;
        this.json = json;
    }

    @TransactionalEventListener(fallbackExecution = true)
    void onConversationEvent(ConversationEvent event) {
        Relay current = relay.getIfAvailable();
        if (current == null || !"message:new".equals(event.name())) {
            return;
        }
        JsonNode message = json.valueToTree(event.payload());
        if ("agent".equals(message.path("senderType").asString("")) || "event".equals(message.path("contentType").asString(""))) {
            return;
        }
        List<Map<String, Object>> assistants = assistantsOf(event);
        if (assistants.isEmpty()) {
            return;
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("conversationId", event.conversationId().toString());
        data.put("orgId", message.path("orgId").asString(null));
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("id", message.path("id").asString(""));
        summary.put("senderId", message.path("senderId").asString(""));
        summary.put("senderType", message.path("senderType").asString(""));
        summary.put("content", message.path("content").asString(""));
        summary.put("contentType", message.path("contentType").asString("text"));
        summary.put("createdAt", message.path("createdAt").asString(""));
        summary.put("traceId", message.path("traceId").asString(null));
        // e.g. answeredBy: the chat stream is already generating the reply, so assistants need not
        JsonNode metadata = message.path("metadata");
        summary.put("metadata", metadata.isObject() ? json.convertValue(metadata, Map.class) : Map.of());
        data.put("message", summary);
        data.put("assistants", assistants);
        try {
            current.publish(EVENT_TYPE, data);
        } catch (RuntimeException e) {
            log.warn("Could not publish {} for conversation {}: {}", EVENT_TYPE, event.conversationId(), e.toString());
        }
    }

    // Read with the message's insert when it was minted here (one statement less per post), else asked now.
    private List<Map<String, Object>> assistantsOf(ConversationEvent event) {
        List<String> ids = event.assistants() != null ? event.assistants()
                : conversations.assistantsOf(event.conversationId());
        return ids.stream()
                .map(id -> Map.<String, Object>of("userId", id, "key", id.substring("assistant:".length())))
                .toList();
    }
}
