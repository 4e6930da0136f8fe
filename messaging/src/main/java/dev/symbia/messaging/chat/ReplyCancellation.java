package dev.symbia.messaging.chat;

import dev.symbia.messaging.live.ConversationEventReceived;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code stream.cancel} stops the replies it targets (Messaging issue, control events): whichever replica
 * stored the control, every replica receives it as a live event and cancels its own matching replies —
 * the one named by {@code target.messageId}, else those of {@code target.principalId}, else all of the
 * conversation's replies in progress. The caller's stream ends with {@code finishReason: "cancelled"}.
 */
final class ReplyCancellation {

    private static final Logger log = LoggerFactory.getLogger(ReplyCancellation.class);
    static final String CANCEL = "stream.cancel";

    private final ActiveReplies active;
    private final JsonMapper json;

    ReplyCancellation(ActiveReplies active, JsonMapper json) {
        this.active = active;
        this.json = json;
    }

    @EventListener
    void onEvent(ConversationEventReceived received) {
        if (!CANCEL.equals(received.event().name()) || active.size() == 0) {
            return;
        }
        JsonNode payload = json.valueToTree(received.event().payload());
        JsonNode target = payload.path("target");
        UUID messageId = uuid(target.path("messageId").asString(null));
        String principalId = target.path("principalId").asString(null);
        int cancelled = active.cancel(received.event().conversationId(), messageId, principalId,
                payload.path("reason").asString("cancelled"));
        if (cancelled > 0) {
            log.info("stream.cancel stopped {} reply(ies) in conversation {}", cancelled, received.event().conversationId());
        }
    }

    private static UUID uuid(String value) {
        if (value == null) {
            return null;
        }
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
