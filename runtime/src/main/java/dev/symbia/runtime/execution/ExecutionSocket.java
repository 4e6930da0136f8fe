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
 * Client frames {@code {"type":"execution:subscribe"|"execution:unsubscribe","executionId"}}; server frames
 * {@code {"event", "data"}} with the SSE stream's event names, and {@code error {message, executionId}}.
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
            send(out, "error", Map.of("message", "Frames are JSON objects {type, executionId}"));
            return;
        }
        String type = frame.path("type").asString("");
        String executionId = frame.path("executionId").asString("");
        if (executionId.isBlank() || !(type.equals("execution:subscribe") || type.equals("execution:unsubscribe"))) {
            send(out, "error", Map.of("message", "Expected {type: execution:subscribe | execution:unsubscribe, executionId}",
                    "executionId", executionId));
            return;
        }
        Map<String, Runnable> mine = subscriptions.get(session.getId());
        Runnable previous = mine.remove(executionId);
        if (previous != null) {
            previous.run();
        }
        if (type.equals("execution:unsubscribe")) {
            return;
        }
        SymbiaPrincipal principal = (SymbiaPrincipal) session.getAttributes().get(PRINCIPAL);
        OwnerForwarder.Caller caller = (OwnerForwarder.Caller) session.getAttributes().get(CALLER);
        EventHub.EventSink sink = new EventHub.EventSink() {
            @Override
            public boolean send(String event, Object data) {
                return out.isOpen() && ExecutionSocket.this.send(out, event, data);
            }

            @Override
            public void complete() {
                mine.remove(executionId);
            }
        };
        try {
            mine.put(executionId, follower.follow(executionId, principal, caller, sink));
        } catch (ProblemException e) {
            send(out, "error", Map.of("message", e.getBody().getDetail() == null ? "refused" : e.getBody().getDetail(),
                    "executionId", executionId, "status", e.getStatusCode().value()));
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
        try {
            out.sendMessage(new TextMessage(json.writeValueAsString(Map.of("event", event, "data", data))));
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
