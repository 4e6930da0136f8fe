package dev.symbia.network.connection;

import dev.symbia.core.ProblemTypes;
import dev.symbia.core.RequestIds;
import dev.symbia.network.security.Caller;
import dev.symbia.network.security.CallerResolver;
import dev.symbia.relay.EnvelopeCodec;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.MDC;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;

/**
 * Authenticates the relay socket's handshake itself (the path is public in libs/auth's chain):
 * refuses the upgrade with a 401 problem unless the handshake identifies a caller, and keeps the
 * caller on the session. The credential is what libs/auth's filter verified (bearer header, API key,
 * cookie) or, for clients that cannot set headers on a WebSocket handshake, an access token in the
 * {@code token} query parameter.
 */
@Component
class CallerHandshakeInterceptor implements HandshakeInterceptor {

    static final String CALLER = "network.caller";
    static final String TOKEN_PARAMETER = "token";

    private final CallerResolver resolver;
    private final EnvelopeCodec codec;

    CallerHandshakeInterceptor(CallerResolver resolver, EnvelopeCodec codec) {
        this.resolver = resolver;
        this.codec = codec;
    }

    @Override
    public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
            Map<String, Object> attributes) throws IOException {
        Optional<Caller> caller = resolver.resolve(name -> header(request, name));
        if (caller.isEmpty()) {
            unauthenticated(request, response);
            return false;
        }
        attributes.put(CALLER, caller.get());
        return true;
    }

    /** The handshake's header; {@code Authorization} falls back to {@code Bearer <token query parameter>}. */
    private static String header(ServerHttpRequest request, String name) {
        String value = request.getHeaders().getFirst(name);
        if (value == null && HttpHeaders.AUTHORIZATION.equalsIgnoreCase(name)
                && request instanceof ServletServerHttpRequest servlet) {
            String token = servlet.getServletRequest().getParameter(TOKEN_PARAMETER);
            return token == null || token.isBlank() ? null : "Bearer " + token.trim();
        }
        return value;
    }

    private void unauthenticated(ServerHttpRequest request, ServerHttpResponse response) throws IOException {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", ProblemTypes.uri(ProblemTypes.UNAUTHENTICATED).toString());
        problem.put("title", "Authentication required");
        problem.put("status", 401);
        problem.put("detail", "The relay socket needs a valid access or service token.");
        problem.put("instance", request.getURI().getPath());
        problem.put("code", ProblemTypes.UNAUTHENTICATED);
        String requestId = MDC.get(RequestIds.MDC_KEY);
        if (requestId != null) {
            problem.put("requestId", requestId);
        }
        response.setStatusCode(HttpStatus.UNAUTHORIZED);
        response.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        response.getBody().write(codec.mapper().writeValueAsBytes(problem));
    }

    @Override
    public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
            Exception exception) {
        // nothing to do
    }
}
