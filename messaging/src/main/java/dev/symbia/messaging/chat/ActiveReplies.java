package dev.symbia.messaging.chat;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Replies being generated on this replica, so a {@code stream.cancel} control event can stop one — the
 * control may have been posted to another replica; it reaches every replica as a live event.
 */
final class ActiveReplies {

    private record Active(UUID conversationId, String senderId, ReplyCall call) {
    }

    private final Map<UUID, Active> replies = new ConcurrentHashMap<>();

    void add(UUID messageId, UUID conversationId, String senderId, ReplyCall call) {
        replies.put(messageId, new Active(conversationId, senderId, call));
    }

    void remove(UUID messageId) {
        replies.remove(messageId);
    }

    int size() {
        return replies.size();
    }

    /**
     * Cancels the replies of a conversation a control event targets: one message when it names one, else
     * those of the named sender, else every reply in progress there. Returns how many were cancelled.
     */
    int cancel(UUID conversationId, UUID messageId, String senderId, String reason) {
        int cancelled = 0;
        for (Map.Entry<UUID, Active> entry : replies.entrySet()) {
            Active active = entry.getValue();
            boolean matches = active.conversationId().equals(conversationId)
                    && (messageId == null || messageId.equals(entry.getKey()))
                    && (senderId == null || senderId.equals(active.senderId()));
            if (matches) {
                active.call().cancel(reason);
                cancelled++;
            }
        }
        return cancelled;
    }
}
