package dev.symbia.messaging.agent;

import dev.symbia.messaging.conversation.Conversations;
import dev.symbia.messaging.live.ConversationEvent;
import dev.symbia.relay.RelayEvent;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * An assistant's reply as its model writes it: each {@code message.delta} event from the assistants node becomes
 * an ephemeral {@code message:delta} for the conversation's live subscribers, in the chat stream's frame shape
 * ({@code {conversationId, messageId, offset, content}}). Nothing is stored: the final {@code message.response}
 * (same message id) is the message. As for answers, the event must name the conversation's own org; subscribed
 * by {@link AssistantResponses}.
 */
@Component
class AssistantDeltas {

    private static final Logger log = LoggerFactory.getLogger(AssistantDeltas.class);
    static final String EVENT_TYPE = "message.delta";
    static final String LIVE_EVENT = "message:delta";
    private static final int MAX_DELTA = 100_000;

    private final Conversations conversations;
    private final ApplicationEventPublisher events;

    AssistantDeltas(Conversations conversations, ApplicationEventPublisher events) {
        this.conversations = conversations;
        this.events = events;
    }

    void handle(RelayEvent<JsonNode> event) {
        JsonNode data = event.data();
        Optional<UUID> conversationId = AssistantResponses.uuid(data.path("conversationId").asString(""));
        Optional<UUID> messageId = AssistantResponses.uuid(data.path("messageId").asString(""));
        String key = data.path("assistantKey").asString("");
        String content = data.path("content").asString("");
        JsonNode offset = data.path("offset");
        if (!AssistantResponses.ASSISTANTS.equals(event.source()) || conversationId.isEmpty() || messageId.isEmpty()
                || !AssistantResponses.KEY.matcher(key).matches() || content.isEmpty() || content.length() > MAX_DELTA
                || !offset.isIntegralNumber() || offset.asLong() < 0) {
            log.warn("Ignoring malformed {} event {} from {}", EVENT_TYPE, event.envelope().id(), event.source());
            return;
        }
        String orgId = data.path("orgId").asString("");
        if (!conversations.existsInOrg(conversationId.get(), orgId)) {
            log.warn("Ignoring {} event {}: conversation not found in org {}", EVENT_TYPE, event.envelope().id(), orgId);
            return;
        }
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("conversationId", conversationId.get());
        payload.put("messageId", messageId.get());
        payload.put("offset", offset.asLong());
        payload.put("content", content);
        events.publishEvent(ConversationEvent.ephemeral(conversationId.get(), LIVE_EVENT, payload, "assistant:" + key));
    }
}
