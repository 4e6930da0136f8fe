package dev.symbia.runtime.execution;

import dev.symbia.auth.Authz;
import dev.symbia.auth.SymbiaPrincipal;
import dev.symbia.core.CorsOrigins;
import dev.symbia.core.RuntimeMode;
import dev.symbia.web.config.CorsProperties;
import dev.symbia.web.problem.ProblemException;
import dev.symbia.web.problem.ProblemWriter;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistration;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;
import org.springframework.web.socket.handler.TextWebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Live execution events over a WebSocket at {@value #PATH} (through the gateway {@code /api/runtime/ws}), the
 * reference's §2.10 rooms without Socket.IO framing. The upgrade needs a principal (401 problem before any upgrade);
 * each subscription is checked like {@code GET /api/executions/{id}/events} (another org's execution is "not found").
 * Frames are the platform's socket frames (as messaging's): client {@code {"event":"execution:subscribe"|
 * "execution:unsubscribe"|"ping","data":{"executionId"}|"<id>","ack":n?}}, answered {@code {"ack":n,"data":{success,
 * error?}}} when {@code ack} is given, else a refusal is {@code error {code, message, event, executionId}}; server
 * events {@code {"event","data"}} carry the SSE stream's names and payloads.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSocket
class ExecutionSocket extends TextWebSocketHandler implements WebSocketConfigurer, HandshakeInterceptor {

    static final String PATH = "/api/ws";
    private static final String PRINCIPAL = "runtime.principal";
    private static final String CALLER = "runtime.caller";

    private final EventFollower follower;
    private final ProblemWriter problems;
    private final CorsProperties cors;
    private final RuntimeMode mode;
    private final JsonMapper json = JsonMapper.builder().build();
    private final Map<String, Map<String, Runnable>> subscriptions = new ConcurrentHashMap<>();

    ExecutionSocket(EventFollower follower, ProblemWriter problems, CorsProperties cors, RuntimeMode mode) {
        this.follower = follower;
        this.problems = problems;
        this.cors = cors;
        this.mode = mode;
    }

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
        WebSocketHandlerRegistration registration = registry.addHandler(this, PATH).addInterceptors(this);
        List<String> origins = CorsOrigins.patterns(cors.allowedOrigins(), mode);
        if (!origins.isEmpty()) {
            registration.setAllowedOriginPatterns(origins.toArray(String[]::new));
        }
    }

    @Override
    public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
                                   Map<String, Object> attributes) throws IOException {
        var principal = Authz.current();
        var servletRequest = ((ServletServerHttpRequest) request).getServletRequest();
        if (principal.isEmpty()) {
            response.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
            problems.write(servletRequest, ((ServletServerHttpResponse) response).getServletResponse(),
                    ProblemException.unauthenticated("The socket needs a valid access token (Authorization header, "
                            + "?access_token= or the token cookie) or API key.").getBody());
            return false;
        }
        attributes.put(PRINCIPAL, principal.get());
        attributes.put(CALLER, OwnerForwarder.caller(servletRequest));
        return true;
    }

    @Override
    public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler, Exception exception) {
        // nothing to do
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession session) {
        subscriptions.put(session.getId(), new ConcurrentHashMap<>());
        session.getAttributes().put("runtime.out", new ConcurrentWebSocketSessionDecorator(session, 5_000, 1 << 20));
    }

    @Override
    protected void handleTextMessage(WebSocketSession session, TextMessage message) {
        WebSocketSession out = (WebSocketSession) session.getAttributes().get("runtime.out");
        JsonNode frame;
        try {
            frame = json.readTree(message.getPayload());
        } catch (RuntimeException e) {
            frame = null;
        }
        JsonNode ackNode = frame == null ? null : frame.get("ack");
        if (frame == null || !frame.isObject() || !frame.path("event").isString()
                || ackNode != null && !ackNode.isNull() && !(ackNode.isIntegralNumber() && ackNode.longValue() >= 0)) {
            send(out, "error", Map.of("code", "malformed", "message", "Frames are JSON objects: {\"event\":…,\"data\":…,\"ack\":n}."));
            return;
        }
        Long ack = ackNode == null || ackNode.isNull() ? null : ackNode.longValue();
        String event = frame.get("event").stringValue();
        JsonNode data = frame.path("data");
        String executionId = data.isString() ? data.stringValue() : data.path("executionId").asString("");
        String error = switch (event) {
            case "ping" -> null;
            case "execution:subscribe", "execution:unsubscribe" -> executionId.isBlank() ? "executionId is required"
                    : subscription(session, out, event, executionId);
            default -> "Unknown event " + event;
        };
        if (ack != null) {
            Map<String, Object> reply = new java.util.LinkedHashMap<>();
            reply.put("success", error == null);
            if (error != null) {
                reply.put("error", error);
            }
            sendRaw(out, Map.of("ack", ack, "data", reply));
        } else if (error != null) {
            send(out, "error", Map.of("code", "rejected", "message", error, "event", event, "executionId", executionId));
        } else if (event.equals("ping")) {
            send(out, "pong", Map.of());
        }
    }

    /** Subscribes or unsubscribes; answers the refusal's detail, or null. */
    private String subscription(WebSocketSession session, WebSocketSession out, String event, String executionId) {
        Map<String, Runnable> mine = subscriptions.get(session.getId());
        Runnable previous = mine.remove(executionId);
        if (previous != null) {
            previous.run();
        }
        if (event.equals("execution:unsubscribe")) {
            return null;
        }
        SymbiaPrincipal principal = (SymbiaPrincipal) session.getAttributes().get(PRINCIPAL);
        OwnerForwarder.Caller caller = (OwnerForwarder.Caller) session.getAttributes().get(CALLER);
        EventHub.EventSink sink = new EventHub.EventSink() {
            @Override
            public boolean send(String name, Object payload) {
                return out.isOpen() && ExecutionSocket.this.send(out, name, payload);
            }

            @Override
            public void complete() {
                mine.remove(executionId);
            }
        };
        try {
            mine.put(executionId, follower.follow(executionId, principal, caller, sink));
            return null;
        } catch (ProblemException e) {
            return e.getBody().getDetail() == null ? "Refused (" + e.getStatusCode().value() + ")" : e.getBody().getDetail();
        }
    }

    @Override
    public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
        Map<String, Runnable> mine = subscriptions.remove(session.getId());
        if (mine != null) {
            mine.values().forEach(Runnable::run);
        }
    }

    private boolean send(WebSocketSession out, String event, Object data) {
        return sendRaw(out, Map.of("event", event, "data", data));
    }

    private boolean sendRaw(WebSocketSession out, Map<String, Object> frame) {
        try {
            out.sendMessage(new TextMessage(json.writeValueAsString(frame)));
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
