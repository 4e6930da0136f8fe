package dev.symbia.messaging.chat;

import dev.symbia.messaging.live.ConversationEvent;
import dev.symbia.messaging.message.MessageStatus;
import dev.symbia.messaging.message.Messages;
import dev.symbia.web.sse.SseStream;
import dev.symbia.web.sse.SseWriter;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import tools.jackson.databind.json.JsonMapper;

/**
 * Streams one reply to the caller as {@code text/event-stream} (SPEC §4) on the request's own virtual thread,
 * with libs/web's {@link SseWriter}: one {@code data:} frame per provider delta, flushed at once (deltas that
 * queue up behind a slow socket go out together); {@code : ping} while the provider is silent; then the
 * {@code done} frame, or an error frame. The reply is persisted before the last frame is written:
 * complete, {@code incomplete} after a failure, {@code cancelled} when the caller left or a
 * {@code stream.cancel} stopped it. A caller that leaves is noticed by the next write — an empty comment
 * goes out after every {@link ChatProperties#livenessProbe()} of silence — and the upstream call is closed.
 */
final class ReplyStreamer {

    private static final Logger log = LoggerFactory.getLogger(ReplyStreamer.class);
    // Deltas already queued behind the one being written go out with it in one flush, at most this many.
    private static final int MAX_FRAMES_PER_FLUSH = 64;

    private final Messages messages;
    private final ActiveReplies active;
    private final ChatMetrics metrics;
    private final ApplicationEventPublisher events;
    private final ChatProperties properties;
    private final JsonMapper json;
    private final TurnWrites writes;
    private final SseWriter writer;

    ReplyStreamer(Messages messages, ActiveReplies active, ChatMetrics metrics,
            ApplicationEventPublisher events, ChatProperties properties, JsonMapper json, TurnWrites writes) {
        this.writes = writes;
        this.messages = messages;
        this.active = active;
        this.metrics = metrics;
        this.events = events;
        this.properties = properties;
        this.json = json;
        this.writer = new SseWriter(properties.heartbeat(), properties.livenessProbe(), true, MAX_FRAMES_PER_FLUSH);
    }

    void stream(ChatTurns.Turn turn, ReplyCall call, HttpServletResponse response, long startedNanos) {
        UUID replyId = turn.reply().id();
        Map<String, String> ids = new LinkedHashMap<>();
        ids.put("X-Conversation-Id", turn.conversationId().toString());
        ids.put("X-Message-Id", replyId.toString());
        ids.put("X-User-Message-Id", turn.userMessage().id().toString());

        active.add(replyId, turn.conversationId(), turn.assistantSender(), call);
        Reply reply = new Reply(turn, startedNanos);
        SseWriter.Outcome outcome;
        try {
            SseStream out = SseStream.open(response, ids);
            out.commit(); // headers (with the ids) go out before the first event
            outcome = writer.write(out, call::next, reply, null);
        } catch (IOException e) {
            outcome = SseWriter.Outcome.CALLER_LEFT;
        } finally {
            active.remove(replyId);
        }
        if (outcome == SseWriter.Outcome.ENDED) {
            return;
        }
        log.debug("Caller left the chat stream of {} ({}); cancelling generation", replyId, outcome);
        call.abort();
        if (!reply.finished) {
            reply.live.flush();
            finish(turn, reply.content, MessageStatus.CANCELLED, "cancelled", null, null);
            metrics.finished("cancelled");
        }
    }

    /**
     * One reply as it is written: its text so far, its live deltas, and whether its end state is stored. The
     * conversation's live delta is published once the caller's frame is out ({@link #sent()}), never before it:
     * publishing wakes the live writer (another thread, a database write), which must not delay the first token.
     */
    private final class Reply implements SseWriter.Handler<UpstreamFrame> {

        private final ChatTurns.Turn turn;
        private final long startedNanos;
        private final LiveDeltas live;
        private final StringBuilder content = new StringBuilder();
        private boolean first = true;
        private boolean finished;

        Reply(ChatTurns.Turn turn, long startedNanos) {
            this.turn = turn;
            this.startedNanos = startedNanos;
            this.live = new LiveDeltas(turn.conversationId(), turn.reply().id(), turn.assistantSender());
        }

        // Writes the frame of one upstream frame; true when it was the last.
        @Override
        public boolean write(UpstreamFrame frame, SseStream out) throws IOException {
            if (frame instanceof UpstreamFrame.Delta delta) {
                long now = System.nanoTime();
                if (first) {
                    metrics.firstToken(Duration.ofNanos(now - startedNanos));
                    first = false;
                }
                content.append(delta.text());
                out.data(json.writeValueAsString(Map.of("content", delta.text())));
                live.append(delta.text());
                return false;
            }
            flushQuietly(out); // deltas written so far go out before the end state is stored
            live.flush();
            switch (frame) {
                case UpstreamFrame.Done done -> {
                    boolean stored = finish(turn, content, MessageStatus.COMPLETE, done.finishReason(), done, null);
                    finished = true;
                    if (!stored) {
                        // "done" promises a stored answer; without one the caller must know to ask again.
                        metrics.finished("incomplete");
                        out.data(json.writeValueAsString(notStored(turn)));
                        return true;
                    }
                    out.data(json.writeValueAsString(
                            doneFrame(turn, done.provider(), done.model(), done.finishReason(), done.usage())));
                    metrics.finished("complete");
                }
                case UpstreamFrame.Failed failed -> {
                    finish(turn, content, MessageStatus.INCOMPLETE, "error", null, failed);
                    finished = true;
                    metrics.failed(failed.code());
                    metrics.finished("incomplete");
                    Map<String, Object> error = new LinkedHashMap<>();
                    error.put("error", failed.title());
                    error.put("code", failed.code());
                    error.put("details", failed.details());
                    error.put("conversationId", turn.conversationId());
                    error.put("messageId", turn.reply().id());
                    out.data(json.writeValueAsString(error));
                }
                case UpstreamFrame.Cancelled cancelled -> {
                    finish(turn, content, MessageStatus.CANCELLED, "cancelled", null, null);
                    finished = true;
                    metrics.finished("cancelled");
                    out.data(json.writeValueAsString(doneFrame(turn, null, null, "cancelled", null)));
                }
                case UpstreamFrame.Delta delta -> throw new IllegalStateException("handled above");
            }
            return true;
        }

        @Override
        public void sent() {
            live.publishIfDue(System.nanoTime());
        }
    }

    // A caller that left as the reply ended still gets its end state stored as it is (not as cancelled):
    // the stream's last flush fails the same way, after that.
    private static void flushQuietly(SseStream out) {
        if (!out.unflushed()) {
            return; // every delta already went out with its own flush
        }
        try {
            out.flush();
        } catch (IOException e) {
            log.debug("Caller left as the reply ended: {}", e.toString());
        }
    }

    /** Persists the reply's end state; false when it could not be stored (the reply stays "streaming"). */
    private boolean finish(ChatTurns.Turn turn, StringBuilder content, MessageStatus status, String finishReason,
            UpstreamFrame.Done done, UpstreamFrame.Failed failed) {
        if (turn.replyStoredElsewhere()) {
            return true; // the assistant's answer is stored as it arrives (or marked incomplete when it never does)
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("finishReason", finishReason);
        if (done != null) {
            put(metadata, "provider", done.provider());
            put(metadata, "model", done.model());
            put(metadata, "usage", done.usage());
            put(metadata, "requestId", done.requestId());
        }
        if (failed != null) {
            metadata.put("error", Map.of("code", failed.code(), "title", failed.title()));
        }
        try {
            writes.runEventually(() -> messages.finish(turn.conversationId(), turn.reply().id(), content.toString(), status, metadata));
            return true;
        } catch (RuntimeException e) {
            // The caller still gets its frames; the reply stays "streaming" and is reported here.
            log.error("Could not persist the reply {} of conversation {}", turn.reply().id(), turn.conversationId(), e);
            return false;
        }
    }

    private static Map<String, Object> notStored(ChatTurns.Turn turn) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("error", "The reply could not be saved");
        error.put("code", "unavailable");
        error.put("details", "The answer was generated but the database was unavailable; send the message again.");
        error.put("conversationId", turn.conversationId());
        error.put("messageId", turn.reply().id());
        return error;
    }

    private Map<String, Object> doneFrame(ChatTurns.Turn turn, String provider, String model, String finishReason,
            Map<String, Object> usage) {
        Map<String, Object> frame = new LinkedHashMap<>();
        frame.put("done", true);
        frame.put("conversationId", turn.conversationId());
        frame.put("messageId", turn.reply().id());
        frame.put("provider", provider);
        frame.put("model", model);
        frame.put("finishReason", finishReason);
        frame.put("usage", usage);
        return frame;
    }

    private static void put(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    /**
     * The reply as it grows, for the conversation's other subscribers: deltas coalesced to at most one
     * ephemeral {@code message:delta} event per interval (the final text arrives with {@code message:updated}).
     */
    private final class LiveDeltas {

        private final UUID conversationId;
        private final UUID messageId;
        private final String sender;
        private final StringBuilder pending = new StringBuilder();
        private final long intervalNanos = properties.liveDeltaInterval().toNanos();
        private int offset;
        private boolean published;
        private long lastPublished;

        LiveDeltas(UUID conversationId, UUID messageId, String sender) {
            this.conversationId = conversationId;
            this.messageId = messageId;
            this.sender = sender;
        }

        void append(String text) {
            pending.append(text);
        }

        // After the caller's frames went out: nanoTime has no origin, so the first delta goes out at once, later
        // ones at most once per interval.
        void publishIfDue(long now) {
            if (pending.isEmpty()) {
                return;
            }
            if (!published || now - lastPublished >= intervalNanos) {
                published = true;
                flush();
                lastPublished = now;
            }
        }

        void flush() {
            if (pending.isEmpty()) {
                return;
            }
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("conversationId", conversationId);
            payload.put("messageId", messageId);
            payload.put("offset", offset);
            payload.put("content", pending.toString());
            offset += pending.length();
            pending.setLength(0);
            events.publishEvent(ConversationEvent.ephemeral(conversationId, "message:delta", payload, sender));
        }
    }
}
