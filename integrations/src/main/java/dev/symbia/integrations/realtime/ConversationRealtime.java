package dev.symbia.integrations.realtime;

import dev.symbia.auth.Caller;
import dev.symbia.integrations.credential.Account;
import dev.symbia.integrations.provider.ChatMessage;
import dev.symbia.integrations.provider.ChatParams;
import dev.symbia.integrations.stream.ChatEvents;
import dev.symbia.integrations.stream.StreamEvent;
import dev.symbia.integrations.support.RequestId;
import dev.symbia.relay.Relay;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Conversation events to Supabase Realtime, on topic {@code conversation:<id>} as private broadcasts: {@code message.new}
 * for every message messaging announces on the network (its {@code message.new} event; integrations subscribes, messaging
 * is unchanged), and for a chat turn the reply this service streams — coalesced {@code message.delta}s, then
 * {@code message.final} with the whole text ({@link ReplyBroadcast}).
 *
 * <p>Messaging's call to {@code /api/internal/execute} does not name the conversation, so a reply is matched to its
 * turn by what both sides know: the org, the user and the turn's user message (messaging marks the message of a chat
 * turn {@code answeredBy: messaging.chat}). Whichever arrives first waits for the other up to
 * {@code correlationWindow}; same org, user and text twice at once are matched in order. Nothing is sent when Supabase
 * is not configured, and the chat stream never waits for any of it.
 *
 * <p>Without {@code SUPABASE_URL} (operator configuration, fixed for the process's life) nothing could ever be
 * broadcast, so {@code message.new} is not subscribed to at all, and this node declares no interest in it to the
 * network (issue 26). The network's seeded contract messaging → integrations names this node, so it still delivers
 * the event until its router honours a named target's declared subscriptions; the relay then drops it unhandled.
 */
@Component
public class ConversationRealtime implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ConversationRealtime.class);
    static final String MESSAGE_NEW = "message.new";
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final int MAX_WAITING = 10_000;

    private final ObjectProvider<Relay> relay;
    private final RealtimeBroadcasts broadcasts;
    private final RealtimeProperties properties;
    private final JsonMapper json;
    // Both guarded by this: replies whose turn is not known yet, turns whose reply has not started yet.
    private final Map<String, Deque<ReplyBroadcast>> replies = new HashMap<>();
    private final Map<String, Deque<Turn>> turns = new HashMap<>();
    private int waiting;
    private volatile Relay.@Nullable Subscription subscription;
    private volatile boolean running;

    /** A chat turn messaging announced: its conversation and user message. */
    record Turn(String conversationId, String messageId, long announcedNanos) {
    }

    ConversationRealtime(ObjectProvider<Relay> relay, RealtimeBroadcasts broadcasts, RealtimeProperties properties,
            JsonMapper json) {
        this.relay = relay;
        this.broadcasts = broadcasts;
        this.properties = properties;
        this.json = json;
    }

    @Override
    public void start() {
        running = true;
        Relay current = relay.getIfAvailable();
        if (current != null && broadcasts.enabled()) {
            subscribe(current);
        }
    }

    /** Whether this service listens for {@code message.new} (only when broadcasts can go out). */
    boolean subscribed() {
        return subscription != null;
    }

    /** Listens for messaging's {@code message.new} on {@code network}. */
    void subscribe(Relay network) {
        subscription = network.subscribe(MESSAGE_NEW, JsonNode.class, event -> {
            if ("messaging".equals(event.source())) { // only messaging speaks for conversations
                onMessageNew(event.data());
            }
        });
    }

    @Override
    public void stop() {
        running = false;
        Relay.Subscription current = subscription;
        subscription = null;
        if (current != null) {
            current.close();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** On the relay's thread: quick, the broadcast itself goes out on another. */
    void onMessageNew(JsonNode data) {
        if (!broadcasts.enabled()) {
            return;
        }
        String conversationId = data.path("conversationId").asString("");
        String orgId = data.path("orgId").asString("");
        JsonNode message = data.path("message");
        String senderId = message.path("senderId").asString("");
        if (!ID.matcher(conversationId).matches() || orgId.isBlank() || senderId.isBlank()) {
            log.debug("message.new without a usable conversation, org or sender; not broadcast");
            return;
        }
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("conversationId", conversationId);
        payload.put("message", message);
        Account owner = new Account(orgId, senderId);
        RequestId.run("message-" + message.path("id").asString(""), () -> broadcasts.sendLater(owner,
                "conversation:" + conversationId, MESSAGE_NEW, json.valueToTree(payload)));
        if ("messaging.chat".equals(message.path("metadata").path("answeredBy").asString(""))) {
            Turn turn = new Turn(conversationId, message.path("id").asString(""), System.nanoTime());
            ReplyBroadcast reply = matchOrWait(replies, turns, key(orgId, senderId, message.path("content").asString("")),
                    turn);
            if (reply != null) {
                reply.attach(turn);
            }
        }
    }

    /**
     * The events of a streamed chat answering {@code caller} as they go to the caller, also fed to Supabase once the
     * turn they answer is known; the same events when there is nothing to broadcast.
     */
    public ChatEvents observe(Caller caller, ChatParams params, ChatEvents events) {
        if (!broadcasts.enabled()) {
            return events;
        }
        String question = lastUserMessage(params.messages());
        if (question == null) {
            return events;
        }
        ReplyBroadcast reply = new ReplyBroadcast(Account.of(caller), RequestId.current(), broadcasts, json,
                properties.deltaInterval());
        Turn turn = matchOrWait(turns, replies, key(caller.orgId(), caller.actorId(), question), reply);
        if (turn != null) {
            reply.attach(turn);
        }
        return new Observed(events, reply);
    }

    /** Passes every event through untouched, noting the reply's text and end on the way. */
    private record Observed(ChatEvents events, ReplyBroadcast reply) implements ChatEvents {

        @Override
        public StreamEvent next(Duration wait) throws InterruptedException {
            StreamEvent event = events.next(wait);
            switch (event) {
                case StreamEvent.Delta delta -> reply.append(delta.text());
                case StreamEvent.Done done -> reply.end("complete", done.finishReason());
                case StreamEvent.Failed failed -> reply.end("failed", null);
                case null, default -> {
                }
            }
            return event;
        }

        @Override
        public void cancel() {
            reply.end("cancelled", null);
            events.cancel();
        }

        @Override
        public void close() {
            reply.end("cancelled", null); // a no-op after the terminal event
            events.close();
        }
    }

    private static String lastUserMessage(List<ChatMessage> messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if ("user".equals(messages.get(i).role())) {
                return messages.get(i).content();
            }
        }
        return null;
    }

    // The turn's text is hashed: the maps hold no message content.
    private static String key(String orgId, String userId, String content) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update((orgId + '\n' + userId + '\n').getBytes(StandardCharsets.UTF_8));
            digest.update((content == null ? "" : content).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first counterpart waiting under {@code key}, or null after queueing {@code value} to wait for one. */
    private synchronized <A, B> A matchOrWait(Map<String, Deque<A>> counterparts, Map<String, Deque<B>> ownSide,
            String key, B value) {
        expire();
        A match = poll(counterparts, key);
        if (match == null) {
            offer(ownSide, key, value);
        }
        return match;
    }

    private <T> T poll(Map<String, Deque<T>> waitingFor, String key) {
        Deque<T> queue = waitingFor.get(key);
        if (queue == null) {
            return null;
        }
        T first = queue.pollFirst();
        if (queue.isEmpty()) {
            waitingFor.remove(key);
        }
        if (first != null) {
            waiting--;
        }
        return first;
    }

    private <T> void offer(Map<String, Deque<T>> waitingFor, String key, T value) {
        if (waiting >= MAX_WAITING) {
            return; // a flood of unmatched turns or replies: those are not broadcast rather than held without bound
        }
        waitingFor.computeIfAbsent(key, k -> new ArrayDeque<>()).addLast(value);
        waiting++;
    }

    private void expire() {
        long window = properties.correlationWindow().toNanos();
        long now = System.nanoTime();
        waiting -= drop(turns, turn -> now - turn.announcedNanos() > window);
        waiting -= drop(replies, reply -> reply.ageNanos() > window);
    }

    private static <T> int drop(Map<String, Deque<T>> waitingFor, java.util.function.Predicate<T> expired) {
        int dropped = 0;
        for (Iterator<Deque<T>> queues = waitingFor.values().iterator(); queues.hasNext(); ) {
            Deque<T> queue = queues.next();
            for (Iterator<T> items = queue.iterator(); items.hasNext(); ) {
                if (expired.test(items.next())) {
                    items.remove();
                    dropped++;
                }
            }
            if (queue.isEmpty()) {
                queues.remove();
            }
        }
        return dropped;
    }
}
