package dev.symbia.assistants.reply;

import dev.symbia.assistants.config.AssistantsProperties;
import dev.symbia.relay.Relay;
import org.springframework.beans.factory.ObjectProvider;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Subscribes to {@code message.new} from messaging. Rule runs can take seconds (model calls), so each event is
 * handed to a virtual thread rather than holding the relay's single dispatch thread.
 */
@Component
class MessageEvents implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(MessageEvents.class);

    private final ObjectProvider<Relay> relay;
    private final Replies replies;
    private final AssistantsProperties properties;
    private volatile ExecutorService workers;
    private volatile Relay.Subscription subscription;

    MessageEvents(ObjectProvider<Relay> relay, Replies replies, AssistantsProperties properties) {
        this.relay = relay;
        this.replies = replies;
        this.properties = properties;
    }

    @Override
    public void start() {
        workers = Executors.newVirtualThreadPerTaskExecutor();
        Relay current = relay.getIfAvailable();
        if (properties.repliesEnabled() && current != null) {
            subscription = current.subscribe("message.new", JsonNode.class, event -> {
                if (!"messaging".equals(event.source())) {
                    return; // only messaging speaks for conversations
                }
                workers.execute(() -> {
                    try {
                        replies.onMessageNew(event.data(), event.envelope().id());
                    } catch (RuntimeException e) {
                        log.error("message.new {} failed: {}", event.envelope().id(), e.toString());
                    }
                });
            });
        }
    }

    @Override
    public void stop() {
        Relay.Subscription s = subscription;
        if (s != null) {
            s.close();
        }
        ExecutorService w = workers;
        if (w != null) {
            w.shutdown();
        }
        workers = null;
    }

    @Override
    public boolean isRunning() {
        return workers != null;
    }
}
