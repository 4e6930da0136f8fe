package dev.symbia.assistants.streaming;

import dev.symbia.relay.Relay;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A reply as a model writes it, sent to messaging as {@code message.delta} events (messaging relays them to the
 * conversation's subscribers as {@code message:delta}). The first text goes at once; later text is coalesced to at
 * most one event per {@code interval}, so a fast model does not cost one network event per token. Each event
 * carries the reply's message id (the final {@code message.response} uses the same one) and the offset of its
 * text, so a subscriber can place deltas that arrive out of order.
 */
public final class ReplyDeltas implements Consumer<String> {

    public static final String DELTA = "message.delta";

    private final Relay relay;
    private final Map<String, Object> head;
    private final long intervalNanos;
    private final StringBuilder pending = new StringBuilder();
    private int offset;
    private long lastSent;
    private boolean sent;

    public ReplyDeltas(Relay relay, String orgId, String conversationId, String assistantKey, String messageId,
            Duration interval) {
        this.relay = relay;
        this.head = Map.of("conversationId", conversationId, "orgId", orgId, "assistantKey", assistantKey,
                "messageId", messageId);
        this.intervalNanos = interval.toNanos();
    }

    @Override
    public synchronized void accept(String text) {
        pending.append(text);
        long now = System.nanoTime();
        if (!sent || now - lastSent >= intervalNanos) {
            flush();
            lastSent = now;
        }
    }

    /** Sends what is pending (the run's end: nothing may stay behind). */
    public synchronized void flush() {
        if (pending.isEmpty()) {
            return;
        }
        Map<String, Object> data = new LinkedHashMap<>(head);
        data.put("offset", offset);
        data.put("content", pending.toString());
        offset += pending.length();
        pending.setLength(0);
        sent = true;
        relay.publish(DELTA, data, "messaging");
    }

    public synchronized boolean streamed() {
        return sent;
    }
}
