package dev.symbia.messaging.agent;

import dev.symbia.messaging.conversation.Conversations;
import dev.symbia.messaging.message.Message;
import dev.symbia.messaging.message.MessageStatus;
import dev.symbia.messaging.message.Messages;
import dev.symbia.relay.RelayEvent;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * The assistants service saying that no answer will come under a reply id a chat stream reserved
 * ({@code message.unanswered}: the assistant was not granted {@code cap:messaging.write}, or its rules have no
 * answer). The reserved placeholder is finished as incomplete with the reason in {@code metadata.unanswered}, which
 * ends the waiting chat stream with an error frame at once (chat's {@code AssistantChat}) instead of after its silence
 * timeout. Only a placeholder still streaming, from that assistant, in the event's own org is touched; nothing is
 * posted. Subscribed by {@link AssistantResponses}.
 */
@Component
class AssistantUnanswered {

    private static final Logger log = LoggerFactory.getLogger(AssistantUnanswered.class);
    static final String EVENT_TYPE = "message.unanswered";
    private static final Pattern CODE = Pattern.compile("[a-z][a-z_]{0,39}");
    private static final int MAX_REASON = 2_000;

    private final Conversations conversations;
    private final Messages messages;

    AssistantUnanswered(Conversations conversations, Messages messages) {
        this.conversations = conversations;
        this.messages = messages;
    }

    void handle(RelayEvent<JsonNode> event) {
        JsonNode data = event.data();
        Optional<UUID> conversationId = AssistantResponses.uuid(data.path("conversationId").asString(""));
        Optional<UUID> messageId = AssistantResponses.uuid(data.path("messageId").asString(""));
        String key = data.path("assistantKey").asString("");
        String code = data.path("code").asString("");
        String reason = data.path("reason").asString("");
        if (!AssistantResponses.ASSISTANTS.equals(event.source()) || conversationId.isEmpty() || messageId.isEmpty()
                || !AssistantResponses.KEY.matcher(key).matches() || !CODE.matcher(code).matches() || reason.isBlank()
                || reason.length() > MAX_REASON) {
            log.warn("Ignoring malformed {} event {} from {}", EVENT_TYPE, event.envelope().id(), event.source());
            return;
        }
        if (!conversations.existsInOrg(conversationId.get(), data.path("orgId").asString(""))) {
            log.warn("Ignoring {} event {}: conversation not found in its org", EVENT_TYPE, event.envelope().id());
            return;
        }
        Optional<Message> reserved = messages.find(conversationId.get(), messageId.get())
                .filter(m -> m.senderId().equals("assistant:" + key) && m.status() == MessageStatus.STREAMING);
        if (reserved.isEmpty()) {
            return; // answered meanwhile, timed out, or never reserved: nobody is waiting
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("finishReason", code);
        metadata.put("unanswered", Map.of("code", code, "reason", reason));
        messages.finish(conversationId.get(), messageId.get(), "", MessageStatus.INCOMPLETE, metadata);
    }
}
