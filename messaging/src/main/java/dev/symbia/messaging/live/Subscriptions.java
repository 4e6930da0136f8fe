package dev.symbia.messaging.live;

import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/** Which of this replica's connections receive which conversation, and handing each of them a frame. */
@Component
class Subscriptions {

    /** Signals about a principal are for the others: never sent back to that principal's own connections. */
    static final Set<String> NOT_ECHOED = Set.of("typing:started", "typing:stopped", "participant:online",
            "participant:offline");

    private final Map<UUID, Set<Subscriber>> subscribers = new ConcurrentHashMap<>();
    private final LiveMeters meters;

    Subscriptions(LiveMeters meters) {
        this.meters = meters;
    }

    void subscribe(UUID conversationId, Subscriber subscriber) {
        subscribers.computeIfAbsent(conversationId, id -> ConcurrentHashMap.newKeySet()).add(subscriber);
    }

    void unsubscribe(UUID conversationId, Subscriber subscriber) {
        subscribers.computeIfPresent(conversationId, (id, set) -> {
            set.remove(subscriber);
            return set.isEmpty() ? null : set;
        });
    }

    /** Queues the frame on every subscriber of its conversation (never blocks: slow ones end themselves). */
    void deliver(LiveFrame frame) {
        Set<Subscriber> targets = subscribers.get(frame.conversationId());
        if (targets == null) {
            return;
        }
        boolean notEchoed = frame.origin() != null && NOT_ECHOED.contains(frame.name());
        for (Subscriber subscriber : targets) {
            if (notEchoed && frame.origin().equals(subscriber.principalId())) {
                continue;
            }
            if (subscriber.deliver(frame)) {
                meters.delivered(subscriber.transport());
            }
        }
    }
}
