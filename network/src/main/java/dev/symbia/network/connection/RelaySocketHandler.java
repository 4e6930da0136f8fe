package dev.symbia.network.connection;

import dev.symbia.auth.SymbiaPrincipal;
import dev.symbia.network.config.NetworkProperties;
import dev.symbia.network.config.ReplicaId;
import dev.symbia.network.delivery.LiveConnections;
import dev.symbia.network.registry.Node;
import dev.symbia.network.registry.NodeRegistry;
import dev.symbia.network.registry.NodeView;
import dev.symbia.network.routing.EventIngress;
import dev.symbia.network.routing.EventRejection;
import dev.symbia.network.routing.RejectionLog;
import dev.symbia.network.security.Capabilities;
import dev.symbia.network.security.Principals;
import dev.symbia.network.trace.Trace;
import dev.symbia.relay.Envelope;
import dev.symbia.relay.EnvelopeCodec;
import dev.symbia.relay.EnvelopeRejectedException;
import dev.symbia.relay.NodeRegistration;
import dev.symbia.relay.RejectionReason;
import dev.symbia.relay.RelayProtocol;
import dev.symbia.web.problem.ProblemException;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;
import org.springframework.web.socket.handler.TextWebSocketHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The network's side of the relay protocol ({@link RelayProtocol}). A socket serves one node: it must
 * register before publishing, only the principal allowed to be that node may register it, and every
 * event it publishes must name that node as its source. Heartbeats touch only the socket's own node.
 */
@Component
class RelaySocketHandler extends TextWebSocketHandler {

    private static final Logger log = LoggerFactory.getLogger(RelaySocketHandler.class);
    private static final int SEND_BUFFER_BYTES = 4 * 1024 * 1024;
    private static final int MAX_REPLICA_ID = 128;

    private final NodeRegistry registry;
    private final EventIngress ingress;
    private final RejectionLog rejections;
    private final LiveConnections live;
    private final EnvelopeCodec codec;
    private final JsonMapper mapper;
    private final JsonMapper json;
    private final ReplicaId replica;
    private final NetworkProperties properties;
    private final MeterRegistry meters;
    private final Map<String, Connection> connections = new ConcurrentHashMap<>();

    /** One socket: its thread-safe sending side and, once registered, its node. */
    private static final class Connection {
        final WebSocketSession session;
        final String id;
        final SymbiaPrincipal principal;
        final String callerKey; // Principals.key, once per socket
        volatile String nodeId;
        volatile String replica; // the relay's replica id ("" when it sends none), fixed by its first registration

        Connection(WebSocketSession session, String id, SymbiaPrincipal principal) {
            this.session = session;
            this.id = id;
            this.principal = principal;
            this.callerKey = Principals.key(principal);
        }
    }

    RelaySocketHandler(NodeRegistry registry, EventIngress ingress, RejectionLog rejections, LiveConnections live,
            EnvelopeCodec codec, JsonMapper json, ReplicaId replica, NetworkProperties properties, MeterRegistry meters) {
        this.registry = registry;
        this.ingress = ingress;
        this.rejections = rejections;
        this.live = live;
        this.codec = codec;
        this.mapper = codec.mapper();
        this.json = json;
        this.replica = replica;
        this.properties = properties;
        this.meters = meters;
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession session) {
        SymbiaPrincipal principal = (SymbiaPrincipal) session.getAttributes().get(CallerHandshakeInterceptor.PRINCIPAL);
        WebSocketSession safe = new ConcurrentWebSocketSessionDecorator(session,
                (int) properties.delivery().sendTimeLimit().toMillis(), SEND_BUFFER_BYTES);
        connections.put(session.getId(), new Connection(safe, replica.value() + "/" + session.getId(), principal));
        meters.counter("network.socket.connected").increment();
    }

    @Override
    protected void handleTextMessage(WebSocketSession session, TextMessage message) {
        Connection connection = connections.get(session.getId());
        if (connection == null) {
            return;
        }
        JsonNode frame;
        try {
            frame = mapper.readTree(message.getPayload());
        } catch (JacksonException e) {
            send(connection, error("malformed", "Frames are JSON objects with an op."));
            return;
        }
        String op = text(frame, "op");
        if (op == null) {
            send(connection, error("malformed", "Frames are JSON objects with an op."));
            return;
        }
        try {
            switch (op) {
                case RelayProtocol.OP_REGISTER -> register(connection, frame);
                case RelayProtocol.OP_HEARTBEAT -> {
                    if (connection.nodeId != null) {
                        registry.heartbeat(connection.nodeId);
                    }
                }
                case RelayProtocol.OP_PUBLISH -> publish(connection, frame.get("event"));
                default -> send(connection, error("malformed", "Unknown op."));
            }
        } catch (RuntimeException e) {
            // A frame never takes the connection down, and never leaks internals.
            log.warn("Socket frame '{}' from {} failed", op, connection.callerKey, e);
            send(connection, error("internal", "The frame could not be processed."));
        }
    }

    private void register(Connection connection, JsonNode frame) {
        JsonNode nodeFrame = frame.get("node");
        JsonNode replicaField = frame.get("replica");
        String replicaId = replicaField == null || replicaField.isNull() ? "" : replicaField.isString() ? replicaField.stringValue() : null;
        if (replicaId == null || replicaId.length() > MAX_REPLICA_ID
                || connection.replica != null && !connection.replica.equals(replicaId)) {
            refuse(connection, "malformed", "replica must be a string of at most " + MAX_REPLICA_ID
                    + " characters, the same on every registration of a connection.");
            return;
        }
        NodeRegistration registration;
        try {
            registration = json.treeToValue(nodeFrame, NodeRegistration.class);
        } catch (RuntimeException e) {
            refuse(connection, "malformed", "The node registration could not be read.");
            return;
        }
        if (registration == null || connection.nodeId != null && !connection.nodeId.equals(registration.id())) {
            refuse(connection, "malformed", "A connection registers exactly one node.");
            return;
        }
        Node node;
        try {
            node = registry.register(connection.principal, registration, connection.id);
        } catch (ProblemException e) {
            String code = e.getStatusCode().value() == 403 ? "forbidden" : "malformed";
            refuse(connection, code, e.getBody().getDetail());
            return;
        }
        connection.nodeId = node.id();
        connection.replica = replicaId;
        live.bind(node.id(), replicaId, connection.id, connection.session);
        ObjectNode reply = mapper.createObjectNode().put("op", RelayProtocol.OP_REGISTERED);
        reply.set("node", json.valueToTree(NodeView.of(node)));
        send(connection, reply);
    }

    private void publish(Connection connection, JsonNode eventFrame) {
        String ref = eventFrame != null && eventFrame.path("id").isString() ? eventFrame.get("id").stringValue() : null;
        if (connection.nodeId == null) {
            send(connection, nack(ref, RejectionReason.NOT_REGISTERED, "Register a node before publishing."));
            return;
        }
        RejectionLog.Facts facts = new RejectionLog.Facts(ref, null, connection.nodeId, connection.callerKey);
        if (!connection.principal.isService() && !connection.principal.hasCapability(Capabilities.EVENTS_WRITE)) {
            // Services publish as themselves; agents and users only with the capability they were granted.
            EventRejection rejection = rejections.record(RejectionReason.FORBIDDEN, "websocket", facts,
                    "Publishing needs " + Capabilities.EVENTS_WRITE + ".");
            send(connection, nack(ref, rejection.reason(), rejection.getMessage()));
            return;
        }
        Envelope envelope;
        try {
            envelope = codec.fromTree(eventFrame);
        } catch (EnvelopeRejectedException e) {
            EventRejection rejection = rejections.record(e.reason(), "websocket", facts, e.getMessage());
            send(connection, nack(ref, rejection.reason(), rejection.getMessage()));
            return;
        }
        try {
            Trace trace = ingress.accept(envelope, EventIngress.Sender.socket(connection.callerKey, connection.nodeId));
            // Written by hand, once per event: the id matched EnvelopeCodec.ID and the status is a fixed word,
            // so neither needs escaping (no tree to build and serialise).
            send(connection, "{\"op\":\"" + RelayProtocol.OP_ACK + "\",\"ref\":\"" + envelope.id()
                    + "\",\"ok\":true,\"status\":\"" + trace.status().wire() + "\"}");
        } catch (EventRejection e) {
            send(connection, nack(envelope.id(), e.reason(), e.getMessage()));
        }
    }

    @Override
    public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
        Connection connection = connections.remove(session.getId());
        meters.counter("network.socket.disconnected").increment();
        if (connection != null && connection.nodeId != null) {
            live.unbind(connection.nodeId, connection.id);
            try {
                // Another replica of the node may still be connected here: the node stays connected by it.
                registry.disconnected(connection.nodeId, connection.id, live.anyConnection(connection.nodeId).orElse(null));
            } catch (RuntimeException e) {
                log.debug("Could not record the disconnection of {}", connection.nodeId);
            }
        }
    }

    @Override
    public void handleTransportError(WebSocketSession session, Throwable exception) {
        log.debug("Socket transport error: {}", exception.getClass().getSimpleName());
    }

    /** Registration refused: say why, then close so the relay backs off and tries again later. */
    private void refuse(Connection connection, String code, String message) {
        send(connection, error(code, message));
        try {
            connection.session.close(CloseStatus.POLICY_VIOLATION.withReason(code));
        } catch (IOException e) {
            log.debug("Closing a refused socket failed");
        }
    }

    private ObjectNode nack(String ref, RejectionReason reason, String message) {
        ObjectNode ack = mapper.createObjectNode().put("op", RelayProtocol.OP_ACK).put("ok", false)
                .put("code", reason.code()).put("message", message);
        if (ref != null) {
            ack.put("ref", ref);
        }
        return ack;
    }

    private ObjectNode error(String code, String message) {
        return mapper.createObjectNode().put("op", RelayProtocol.OP_ERROR).put("code", code).put("message", message);
    }

    private void send(Connection connection, ObjectNode frame) {
        send(connection, mapper.writeValueAsString(frame));
    }

    private void send(Connection connection, String frame) {
        try {
            connection.session.sendMessage(new TextMessage(frame));
        } catch (IOException | RuntimeException e) {
            log.debug("Socket reply to {} failed: {}", connection.callerKey, e.getClass().getSimpleName());
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.isString() ? value.stringValue() : null;
    }
}
