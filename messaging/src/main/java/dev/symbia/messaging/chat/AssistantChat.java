package dev.symbia.messaging.chat;

import dev.symbia.messaging.live.ConversationEventReceived;
import dev.symbia.messaging.message.MessageStatus;
import dev.symbia.messaging.message.Messages;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A chat stream answered by a rule-driven assistant ({@code POST /api/send} with {@code assistant}): the turn goes to
 * the assistants service as a {@code message.new} addressed to that assistant, naming the reply's reserved message id;
 * its {@code message:delta} events for that id become the caller's frames as they arrive (on whichever replica they
 * were received; out-of-order pieces are placed by offset), and the stored answer ({@code message:updated}) ends the
 * stream. A reply finished as unanswered ({@code metadata.unanswered}: the assistant may not speak, or had nothing to
 * say) ends it at once with an error frame carrying the reason. Silence longer than {@code readTimeout} ends it with
 * a timeout and the reply marked incomplete.
 */
final class AssistantChat {

    private static final Logger log = LoggerFactory.getLogger(AssistantChat.class);
    /** The live event an assistant's streamed piece arrives as (messaging's agent package relays it). */
    static final String DELTA = "message:delta";

    private final OkHttpClient http;
    private final String assistantsUrl;
    private final JsonMapper json;
    private final Messages messages;
    private final Duration silence;
    private final Duration cacheTtl;
    private final Clock clock;
    private final Map<UUID, Waiting> waiting = new ConcurrentHashMap<>();
    private final Map<String, Known> known = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("assistant-chat-timer").daemon().factory());

    private record Known(boolean runs, Instant until) {
    }

    AssistantChat(OkHttpClient http, String assistantsUrl, JsonMapper json, Messages messages, Duration silence,
            Duration cacheTtl, Clock clock) {
        this.http = http;
        this.assistantsUrl = assistantsUrl;
        this.json = json;
        this.messages = messages;
        this.silence = silence;
        this.cacheTtl = cacheTtl;
        this.clock = clock;
    }

    /**
     * Whether the assistants service runs {@code key} for the org: a rule-driven assistant it loaded. False when it
     * has none by that name or cannot be asked; the chat stream then answers with the assistant's system prompt.
     */
    boolean runs(String orgId, String key) {
        String cacheKey = orgId + "/" + key;
        Instant now = clock.instant();
        Known cached = known.get(cacheKey);
        if (cached != null && now.isBefore(cached.until())) {
            return cached.runs();
        }
        boolean runs = ask(orgId, key);
        known.put(cacheKey, new Known(runs, now.plus(cacheTtl)));
        return runs;
    }

    private boolean ask(String orgId, String key) {
        HttpUrl url = HttpUrl.get(assistantsUrl).newBuilder().addPathSegments("api/assistants").addPathSegment(key).build();
        Request request = new Request.Builder().url(url).header(dev.symbia.core.PlatformHeaders.ORG, orgId).get().build();
        try (Response response = http.newCall(request).execute()) {
            if (!response.isSuccessful()) {
                return false;
            }
            return json.readTree(response.body().string()).path("rulesCount").asInt(0) > 0;
        } catch (IOException | RuntimeException e) {
            log.debug("Assistants could not say whether it runs {}: {}", key, e.toString());
            return false;
        }
    }

    /** Starts waiting for the reply {@code replyId}: register before the turn is written, so no piece is missed. */
    ReplyCall expect(UUID replyId) {
        Waiting w = new Waiting(replyId);
        waiting.put(replyId, w);
        w.arm();
        return w.call;
    }

    /** The conversation the reply was written in (a new conversation has its id only once written). */
    void conversationKnown(UUID replyId, UUID conversationId) {
        Waiting w = waiting.get(replyId);
        if (w != null) {
            w.conversationId = conversationId;
        }
    }

    /** Stops waiting (the turn was never written, or its stream ended). */
    void forget(UUID replyId) {
        Waiting w = waiting.remove(replyId);
        if (w != null) {
            w.disarm();
        }
    }

    @EventListener
    void onEvent(ConversationEventReceived received) {
        if (waiting.isEmpty()) {
            return;
        }
        String name = received.event().name();
        if (!DELTA.equals(name) && !Messages.UPDATED.equals(name)) {
            return;
        }
        JsonNode payload = json.valueToTree(received.event().payload());
        String id = payload.path(Messages.UPDATED.equals(name) ? "id" : "messageId").asString("");
        Waiting w;
        try {
            w = waiting.get(UUID.fromString(id));
        } catch (IllegalArgumentException e) {
            return;
        }
        if (w == null || !received.event().conversationId().equals(w.conversationId)) {
            return;
        }
        if (DELTA.equals(name)) {
            w.delta(payload.path("offset").asLong(-1), payload.path("content").asString(""));
        } else if (payload.path("metadata").path("unanswered").isObject()) {
            JsonNode unanswered = payload.path("metadata").path("unanswered");
            w.unanswered(unanswered.path("code").asString("assistant"), unanswered.path("reason").asString(""));
        } else if (!MessageStatus.STREAMING.wire().equals(payload.path("status").asString(""))) {
            w.answered(payload.path("content").asString(""));
        }
    }

    /** One reply being waited for: its pieces in offset order, and the silence timer. */
    private final class Waiting {

        volatile UUID conversationId;
        final UUID replyId;
        final ReplyCall call = new ReplyCall();
        private final TreeMap<Long, String> early = new TreeMap<>();
        private final StringBuilder streamed = new StringBuilder();
        private int sent; // characters of streamed already queued for the caller
        private ScheduledFuture<?> timer;
        private boolean over;

        Waiting(UUID replyId) {
            this.replyId = replyId;
        }

        synchronized void arm() {
            if (timer != null) {
                timer.cancel(false);
            }
            timer = timers.schedule(this::silent, silence.toMillis(), TimeUnit.MILLISECONDS);
        }

        synchronized void disarm() {
            over = true;
            if (timer != null) {
                timer.cancel(false);
            }
        }

        synchronized void delta(long offset, String text) {
            if (over || offset < streamed.length() || text.isEmpty()) {
                return; // a repeat, or after the end
            }
            early.put(offset, text);
            while (!early.isEmpty() && early.firstKey() == streamed.length()) {
                streamed.append(early.pollFirstEntry().getValue());
                // Each piece its own frame; when the caller is behind, this listener must not wait: the
                // refused text goes out with the next piece (or the answer's rest).
                if (call.tryOffer(new UpstreamFrame.Delta(streamed.substring(sent)))) {
                    sent = streamed.length();
                }
            }
            arm();
        }

        synchronized void answered(String content) {
            if (over) {
                return;
            }
            disarm();
            waiting.remove(replyId);
            if (content.startsWith(streamed.toString())) {
                UpstreamFrame.Done done = new UpstreamFrame.Done(null, null, "stop", null, null);
                UpstreamFrame.Delta rest = content.length() > sent ? new UpstreamFrame.Delta(content.substring(sent)) : null;
                if (rest != null && !call.tryOffer(rest)) {
                    // The caller is behind and this listener must not wait: the rest, then done, wait for room elsewhere.
                    Thread.ofVirtual().name("assistant-reply-rest").start(() -> {
                        call.offer(rest);
                        call.offer(done);
                    });
                    return;
                }
                call.offer(done); // the last frame always has room
            } else {
                // What streamed is not what was answered (a model stream cut off, then refused): the answer says why.
                call.offer(new UpstreamFrame.Failed("The assistant could not finish its answer", "assistant", content));
            }
        }

        /** The assistants service said no answer will come (messaging's agent package stored why): end now. */
        synchronized void unanswered(String code, String reason) {
            if (over) {
                return;
            }
            disarm();
            waiting.remove(replyId);
            call.offer(new UpstreamFrame.Failed("The assistant will not answer", code, reason));
        }

        private void silent() {
            synchronized (this) {
                if (over) {
                    return;
                }
                over = true;
                waiting.remove(replyId);
            }
            try {
                UUID conversationId = this.conversationId;
                if (conversationId != null) {
                    messages.find(conversationId, replyId).filter(m -> m.status() == MessageStatus.STREAMING)
                            .ifPresent(m -> messages.finish(conversationId, replyId, streamed.toString(),
                                    MessageStatus.INCOMPLETE, Map.of("finishReason", "timeout")));
                }
            } catch (RuntimeException e) {
                log.warn("Could not mark the unanswered reply {} incomplete: {}", replyId, e.toString());
            }
            call.offer(new UpstreamFrame.Failed("Timeout", "timeout", "The assistant did not answer in time."));
        }
    }

    void close() {
        timers.shutdownNow();
    }
}
