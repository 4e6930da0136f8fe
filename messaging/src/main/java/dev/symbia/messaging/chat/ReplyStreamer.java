package dev.symbia.messaging.chat;

import dev.symbia.messaging.live.ConversationEvent;
import dev.symbia.messaging.message.MessageStatus;
import dev.symbia.messaging.message.Messages;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import tools.jackson.databind.json.JsonMapper;

/**
 * Streams one reply to the caller as {@code text/event-stream} (SPEC §4) on the request's own virtual thread:
 * one {@code data:} frame per provider delta, flushed at once; {@code : ping} while the provider is silent;
 * then the {@code done} frame, or an error frame. The reply is persisted before the last frame is written:
 * complete, {@code incomplete} after a failure, {@code cancelled} when the caller left or a
 * {@code stream.cancel} stopped it. A caller that leaves is noticed by the next write — an empty comment
 * goes out after every {@link ChatProperties#livenessProbe()} of silence — and the upstream call is closed.
 */
final class ReplyStreamer {

    private static final Logger log = LoggerFactory.getLogger(ReplyStreamer.class);
    private static final byte[] PING = ": ping\n\n".getBytes(StandardCharsets.UTF_8);
    private static final byte[] PROBE = ":\n\n".getBytes(StandardCharsets.UTF_8);

    private final Messages messages;
    private final ActiveReplies active;
    private final ChatMetrics metrics;
    private final ApplicationEventPublisher events;
    private final ChatProperties properties;
    private final JsonMapper json;
    private final TurnWrites writes;

    ReplyStreamer(Messages messages, ActiveReplies active, ChatMetrics metrics,
            ApplicationEventPublisher events, ChatProperties properties, JsonMapper json, TurnWrites writes) {
        this.writes = writes;
        this.messages = messages;
        this.active = active;
        this.metrics = metrics;
        this.events = events;
        this.properties = properties;
        this.json = json;
    }

    void stream(ChatTurns.Turn turn, ReplyCall call, HttpServletResponse response, long startedNanos) {
        UUID replyId = turn.reply().id();
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(MediaType.TEXT_EVENT_STREAM_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
        response.setHeader("X-Accel-Buffering", "no");
        response.setHeader("X-Conversation-Id", turn.conversationId().toString());
        response.setHeader("X-Message-Id", replyId.toString());
        response.setHeader("X-User-Message-Id", turn.userMessage().id().toString());

        active.add(replyId, turn.conversationId(), turn.assistantSender(), call);
        LiveDeltas live = new LiveDeltas(turn.conversationId(), replyId, turn.assistantSender());
        StringBuilder content = new StringBuilder();
        boolean finished = false;
        try {
            OutputStream out = response.getOutputStream();
            response.flushBuffer(); // headers (with the ids) go out before the first event
            long lastWrite = System.nanoTime();
            long lastPing = lastWrite;
            boolean first = true;
            while (true) {
                UpstreamFrame frame = call.next(properties.livenessProbe());
                long now = System.nanoTime();
                if (frame == null) {
                    boolean ping = now - lastPing >= properties.heartbeat().toNanos();
                    if (ping || now - lastWrite >= properties.livenessProbe().toNanos()) {
                        write(out, ping ? PING : PROBE);
                        lastWrite = now;
                        lastPing = ping ? now : lastPing;
                    }
                    continue;
                }
                switch (frame) {
                    case UpstreamFrame.Delta delta -> {
                        if (first) {
                            metrics.firstToken(Duration.ofNanos(now - startedNanos));
                            first = false;
                        }
                        content.append(delta.text());
                        write(out, data(Map.of("content", delta.text())));
                        lastWrite = now;
                        live.append(delta.text(), now);
                    }
                    case UpstreamFrame.Done done -> {
                        live.flush();
                        boolean stored = finish(turn, content, MessageStatus.COMPLETE, done.finishReason(), done, null);
                        finished = true;
                        if (!stored) {
                            // "done" promises a stored answer; without one the caller must know to ask again.
                            metrics.finished("incomplete");
                            write(out, data(notStored(turn)));
                            return;
                        }
                        write(out, data(doneFrame(turn, done.provider(), done.model(), done.finishReason(), done.usage())));
                        metrics.finished("complete");
                        return;
                    }
                    case UpstreamFrame.Failed failed -> {
                        live.flush();
                        finish(turn, content, MessageStatus.INCOMPLETE, "error", null, failed);
                        finished = true;
                        metrics.failed(failed.code());
                        metrics.finished("incomplete");
                        Map<String, Object> error = new LinkedHashMap<>();
                        error.put("error", failed.title());
                        error.put("code", failed.code());
                        error.put("details", failed.details());
                        error.put("conversationId", turn.conversationId());
                        error.put("messageId", replyId);
                        write(out, data(error));
                        return;
                    }
                    case UpstreamFrame.Cancelled cancelled -> {
                        live.flush();
                        finish(turn, content, MessageStatus.CANCELLED, "cancelled", null, null);
                        finished = true;
                        metrics.finished("cancelled");
                        write(out, data(doneFrame(turn, null, null, "cancelled", null)));
                        return;
                    }
                }
            }
        } catch (IOException e) {
            log.debug("Caller left the chat stream of {}; cancelling generation", replyId);
            call.abort();
            if (!finished) {
                live.flush();
                finish(turn, content, MessageStatus.CANCELLED, "cancelled", null, null);
                metrics.finished("cancelled");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            call.abort();
            if (!finished) {
                finish(turn, content, MessageStatus.CANCELLED, "cancelled", null, null);
            }
        } finally {
            active.remove(replyId);
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

    private byte[] data(Map<String, Object> frame) {
        return ("data: " + json.writeValueAsString(frame) + "\n\n").getBytes(StandardCharsets.UTF_8);
    }

    private static void write(OutputStream out, byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
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
        private int offset;
        private boolean published;
        private long lastPublished;

        LiveDeltas(UUID conversationId, UUID messageId, String sender) {
            this.conversationId = conversationId;
            this.messageId = messageId;
            this.sender = sender;
        }

        void append(String text, long now) {
            pending.append(text);
            // nanoTime has no origin: the first delta goes out at once, later ones at most once per interval
            if (!published || now - lastPublished >= properties.liveDeltaInterval().toNanos()) {
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
