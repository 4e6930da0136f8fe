package dev.symbia.integrations.realtime;

import dev.symbia.integrations.credential.Account;
import dev.symbia.integrations.credential.Credential;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import tools.jackson.databind.json.JsonMapper;

/**
 * One streamed chat reply on its way to Supabase: the text is appended as the provider streams it (never waiting),
 * and once the reply's conversation is known a thread of its own sends what is new as {@code message.delta} at most
 * once per {@code deltaInterval}, then the whole reply as {@code message.final}. A slow or retried broadcast only makes
 * the next delta bigger; the chat stream never waits for Supabase.
 */
final class ReplyBroadcast {

    private final Account owner;
    private final String requestId;
    private final RealtimeBroadcasts broadcasts;
    private final JsonMapper json;
    private final long intervalNanos;
    private final long createdNanos = System.nanoTime();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final StringBuilder text = new StringBuilder(); // guarded by lock
    private String outcome;                                  // guarded by lock: null while streaming
    private String finishReason;                             // guarded by lock
    private boolean attached;                                // guarded by lock

    ReplyBroadcast(Account owner, String requestId, RealtimeBroadcasts broadcasts, JsonMapper json,
            Duration deltaInterval) {
        this.owner = owner;
        this.requestId = requestId;
        this.broadcasts = broadcasts;
        this.json = json;
        this.intervalNanos = deltaInterval.toNanos();
    }

    long ageNanos() {
        return System.nanoTime() - createdNanos;
    }

    void append(String piece) {
        if (piece == null || piece.isEmpty()) {
            return;
        }
        lock.lock();
        try {
            if (outcome == null) {
                text.append(piece);
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** The reply ended: {@code complete}, {@code failed} or {@code cancelled} (only the first call counts). */
    void end(String how, String reason) {
        lock.lock();
        try {
            if (outcome == null) {
                outcome = how;
                finishReason = reason;
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** The reply's conversation is known: start sending (once). */
    void attach(ConversationRealtime.Turn turn) {
        lock.lock();
        try {
            if (attached) {
                return;
            }
            attached = true;
        } finally {
            lock.unlock();
        }
        Thread.ofVirtual().name("realtime-reply-", 0).start(() -> run(turn));
    }

    private void run(ConversationRealtime.Turn turn) {
        Optional<Credential> key = broadcasts.keyFor(owner);
        if (key.isEmpty()) {
            return;
        }
        String topic = "conversation:" + turn.conversationId();
        int sent = 0;
        int seq = 0;
        long next = System.nanoTime();
        try {
            while (true) {
                String piece;
                int offset;
                String how;
                lock.lock();
                try {
                    // Pace: wait for new text and for the interval since the last delta, or for the end.
                    while (outcome == null && (text.length() == sent || System.nanoTime() < next)) {
                        long wait = text.length() == sent ? TimeUnit.SECONDS.toNanos(1) : next - System.nanoTime();
                        changed.awaitNanos(Math.max(1, wait));
                    }
                    how = outcome;
                    offset = sent;
                    piece = text.substring(sent);
                    sent = text.length();
                } finally {
                    lock.unlock();
                }
                if (how != null) {
                    // The final message carries the whole reply; a tail not sent as a delta is in it.
                    broadcasts.send(key.get(), topic, "message.final", json.valueToTree(finalPayload(turn, how)));
                    return;
                }
                Map<String, Object> delta = base(turn);
                delta.put("seq", seq++);
                delta.put("offset", offset);
                delta.put("delta", piece);
                broadcasts.send(key.get(), topic, "message.delta", json.valueToTree(delta));
                next = System.nanoTime() + intervalNanos;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Map<String, Object> finalPayload(ConversationRealtime.Turn turn, String how) {
        Map<String, Object> payload = base(turn);
        lock.lock();
        try {
            payload.put("status", how);
            payload.put("content", text.toString());
            payload.put("finishReason", finishReason);
        } finally {
            lock.unlock();
        }
        return payload;
    }

    private Map<String, Object> base(ConversationRealtime.Turn turn) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("conversationId", turn.conversationId());
        payload.put("replyTo", turn.messageId());
        payload.put("requestId", requestId);
        return payload;
    }
}
