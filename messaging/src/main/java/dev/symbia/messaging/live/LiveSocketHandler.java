package dev.symbia.messaging.live;

import dev.symbia.auth.Caller;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.TextWebSocketHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code /api/ws}: the reference's Socket.IO protocol over plain WebSocket JSON text frames.
 * Server → client {@code {"event":name,"data":payload}}; client → server {@code {"event":name,"data":…,"ack":n?}},
 * answered with {@code {"ack":n,"data":{"success":…,"error"?}}} when {@code ack} is present. A socket
 * receives every conversation of its org it takes part in from the moment it connects; a bad frame is
 * answered, never a reason to disconnect.
 */
@Component
class LiveSocketHandler extends TextWebSocketHandler {

    private static final Logger log = LoggerFactory.getLogger(LiveSocketHandler.class);
    static final String NOT_A_PARTICIPANT = "Not a participant";

    /** What a client event did. */
    private record Outcome(boolean success, String error) {
        static final Outcome OK = new Outcome(true, null);

        static Outcome error(String error) {
            return new Outcome(false, error);
        }
    }

    private final Connections connections;
    private final Subscriptions subscriptions;
    private final Memberships memberships;
    private final ApplicationEventPublisher publisher;
    private final JsonMapper json;
    private final Map<String, SocketConnection> sockets = new ConcurrentHashMap<>();

    LiveSocketHandler(Connections connections, Subscriptions subscriptions, Memberships memberships,
            ApplicationEventPublisher publisher, JsonMapper json) {
        this.connections = connections;
        this.subscriptions = subscriptions;
        this.memberships = memberships;
        this.publisher = publisher;
        this.json = json;
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession session) throws IOException {
        Caller caller = (Caller) session.getAttributes().get(LiveHandshake.CALLER);
        if (caller == null) {
            session.close(CloseStatus.POLICY_VIOLATION);
            return;
        }
        SocketConnection connection = new SocketConnection(session, caller);
        Outbox<String> outbox = connections.open(Transport.WEBSOCKET, "live-ws-" + session.getId(), connection,
                () -> ended(connection));
        if (outbox == null) {
            session.close(SocketConnection.TOO_SLOW.withReason("Too many connections; reconnect later"));
            return;
        }
        connection.attach(outbox);
        sockets.put(session.getId(), connection);
        outbox.start();
        List<UUID> conversations;
        try {
            conversations = memberships.conversationsOf(connection.caller);
        } catch (RuntimeException e) {
            log.warn("Could not load the conversations of a new socket: {}", e.toString());
            connection.finish(Outbox.Ending.CLIENT_GONE);
            return;
        }
        for (UUID conversationId : conversations) {
            connection.conversations.add(conversationId);
            subscriptions.subscribe(conversationId, connection);
        }
        for (UUID conversationId : conversations) {
            signal(connection, conversationId, "participant:online");
        }
    }

    /** On the outbox's thread once the socket is done: stop receiving, tell the others. */
    private void ended(SocketConnection connection) {
        sockets.remove(connection.session.getId());
        for (UUID conversationId : connection.conversations) {
            subscriptions.unsubscribe(conversationId, connection);
        }
        for (UUID conversationId : connection.conversations) {
            signal(connection, conversationId, "participant:offline");
        }
    }

    @Override
    public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
        SocketConnection connection = sockets.get(session.getId());
        if (connection != null) {
            connection.finish(Outbox.Ending.CLIENT_GONE);
        }
    }

    @Override
    public void handleTransportError(WebSocketSession session, Throwable exception) {
        log.debug("Live socket transport error: {}", exception.toString());
    }

    @Override
    protected void handleTextMessage(WebSocketSession session, TextMessage message) {
        SocketConnection connection = sockets.get(session.getId());
        if (connection == null) {
            return;
        }
        JsonNode frame;
        try {
            frame = json.readTree(message.getPayload());
        } catch (JacksonException e) {
            connection.reply(error("malformed", "Frames are JSON objects: {\"event\":…,\"data\":…,\"ack\":n}."));
            return;
        }
        JsonNode ackNode = frame == null ? null : frame.get("ack");
        boolean ackValid = ackNode == null || ackNode.isNull() || ackNode.isIntegralNumber() && ackNode.canConvertToLong()
                && ackNode.longValue() >= 0;
        if (frame == null || !frame.isObject() || !frame.path("event").isString() || !ackValid) {
            connection.reply(error("malformed", "Frames are JSON objects: {\"event\":…,\"data\":…,\"ack\":n}."));
            return;
        }
        Long ack = ackNode == null || ackNode.isNull() ? null : ackNode.longValue();
        String event = frame.get("event").stringValue();
        JsonNode data = frame.path("data");
        Outcome outcome;
        try {
            outcome = switch (event) {
                case "join:conversation" -> join(connection, data);
                case "leave:conversation" -> leave(connection, data);
                case "typing:start" -> typing(connection, data, "typing:started");
                case "typing:stop" -> typing(connection, data, "typing:stopped");
                case "ping" -> {
                    if (ack == null) {
                        connection.reply("{\"event\":\"pong\",\"data\":{}}");
                    }
                    yield Outcome.OK;
                }
                default -> Outcome.error("Unknown event");
            };
        } catch (RuntimeException e) {
            // Never a disconnect, never internals.
            log.warn("Live socket event '{}' failed", event, e);
            outcome = Outcome.error("Failed to process " + event);
        }
        if (ack != null) {
            connection.reply(ack(ack, outcome));
        } else if (!outcome.success()) {
            ObjectNode body = json.createObjectNode().put("code", "rejected").put("message", outcome.error());
            body.put("event", event);
            connection.reply(frame("error", body));
        }
    }

    private Outcome join(SocketConnection connection, JsonNode data) {
        UUID conversationId = conversationId(data);
        if (conversationId == null) {
            return Outcome.error("Invalid conversation id");
        }
        if (!connection.conversations.contains(conversationId)) {
            if (!memberships.isParticipant(conversationId, connection.caller)) {
                return Outcome.error(NOT_A_PARTICIPANT);
            }
            connection.conversations.add(conversationId);
            subscriptions.subscribe(conversationId, connection);
            if (!connection.isOpen()) {
                subscriptions.unsubscribe(conversationId, connection); // closed meanwhile: nothing would remove it later
            }
        }
        return Outcome.OK;
    }

    private Outcome leave(SocketConnection connection, JsonNode data) {
        UUID conversationId = conversationId(data);
        if (conversationId == null) {
            return Outcome.error("Invalid conversation id");
        }
        connection.conversations.remove(conversationId);
        subscriptions.unsubscribe(conversationId, connection);
        return Outcome.OK;
    }

    private Outcome typing(SocketConnection connection, JsonNode data, String name) {
        UUID conversationId = conversationId(data);
        if (conversationId == null) {
            return Outcome.error("Invalid conversation id");
        }
        if (!connection.conversations.contains(conversationId)
                && !memberships.isParticipant(conversationId, connection.caller)) {
            return Outcome.error(NOT_A_PARTICIPANT);
        }
        signal(connection, conversationId, name);
        return Outcome.OK;
    }

    /** An ephemeral signal about this socket's principal, for the conversation's other participants. */
    private void signal(SocketConnection connection, UUID conversationId, String name) {
        publisher.publishEvent(ConversationEvent.ephemeral(conversationId, name,
                PresenceSignal.of(conversationId, connection.caller), connection.caller.actorId()));
    }

    /** {@code "<uuid>"} (the reference's form) or {@code {"conversationId":"<uuid>"}}. */
    private static UUID conversationId(JsonNode data) {
        JsonNode value = data.isObject() ? data.path("conversationId") : data;
        if (!value.isString()) {
            return null;
        }
        try {
            return UUID.fromString(value.stringValue());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private String ack(long ack, Outcome outcome) {
        ObjectNode body = json.createObjectNode().put("success", outcome.success());
        if (outcome.error() != null) {
            body.put("error", outcome.error());
        }
        ObjectNode reply = json.createObjectNode().put("ack", ack);
        reply.set("data", body);
        return json.writeValueAsString(reply);
    }

    private String error(String code, String message) {
        return frame("error", json.createObjectNode().put("code", code).put("message", message));
    }

    private String frame(String event, JsonNode data) {
        ObjectNode frame = json.createObjectNode().put("event", event);
        frame.set("data", data);
        return json.writeValueAsString(frame);
    }
}
