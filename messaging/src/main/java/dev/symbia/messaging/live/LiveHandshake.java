package dev.symbia.messaging.live;

import dev.symbia.auth.Authz;
import dev.symbia.auth.SymbiaPrincipal;
import dev.symbia.core.ProblemTypes;
import dev.symbia.core.RequestIds;
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
import org.springframework.stereotype.Component;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;
import tools.jackson.databind.json.JsonMapper;

/**
 * The socket's door. libs/auth's filter has already verified whatever credential the upgrade carried
 * (bearer header, API key, {@code ?access_token=}, cookie), but lets anonymous requests through to paths
 * that are no MVC controller; so here an upgrade without a principal is refused with a 401 problem, and one
 * over this replica's connection limit with a 503, before any upgrade happens.
 */
@Component
class LiveHandshake implements HandshakeInterceptor {

    static final String PRINCIPAL = "messaging.live.principal";

    private final LiveHub hub;
    private final LiveProperties properties;
    private final JsonMapper json;

    LiveHandshake(LiveHub hub, LiveProperties properties, JsonMapper json) {
        this.hub = hub;
        this.properties = properties;
        this.json = json;
    }

    @Override
    public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
            Map<String, Object> attributes) throws IOException {
        Optional<SymbiaPrincipal> principal = Authz.current();
        if (principal.isEmpty()) {
            response.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
            problem(request, response, HttpStatus.UNAUTHORIZED, ProblemTypes.UNAUTHENTICATED, "Authentication required",
                    "The socket needs a valid access token (Authorization header, ?access_token= or the token cookie) "
                            + "or API key.");
            return false;
        }
        if (hub.openCount(LiveHub.Transport.WEBSOCKET) >= properties.maxConnections()) {
            response.getHeaders().set(HttpHeaders.RETRY_AFTER, "5");
            problem(request, response, HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.UNAVAILABLE, "Service unavailable",
                    "This replica has its maximum of live connections; try again shortly.");
            return false;
        }
        attributes.put(PRINCIPAL, principal.get());
        return true;
    }

    private void problem(ServerHttpRequest request, ServerHttpResponse response, HttpStatus status, String code,
            String title, String detail) throws IOException {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", ProblemTypes.uri(code).toString());
        problem.put("title", title);
        problem.put("status", status.value());
        problem.put("detail", detail);
        problem.put("instance", request.getURI().getPath());
        problem.put("code", code);
        String requestId = MDC.get(RequestIds.MDC_KEY);
        if (requestId != null) {
            problem.put("requestId", requestId);
        }
        response.setStatusCode(status);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        response.getBody().write(json.writeValueAsBytes(problem));
    }

    @Override
    public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
            Exception exception) {
        // nothing to do
    }
}
