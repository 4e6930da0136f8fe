package dev.symbia.messaging.live;

import dev.symbia.auth.Authz;
import dev.symbia.auth.Caller;
import dev.symbia.auth.SymbiaPrincipal;
import dev.symbia.core.ProblemTypes;
import dev.symbia.web.problem.ProblemException;
import dev.symbia.web.problem.ProblemWriter;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;

/**
 * The socket's door. libs/auth's filter has already verified whatever credential the upgrade carried
 * (bearer header, API key, {@code ?access_token=}, cookie), but lets anonymous requests through to paths
 * that are no MVC controller; so here, before any upgrade, an upgrade without a principal is refused with a
 * 401 problem, one that is no {@link Caller} (a service: 403; no org: 400) with that problem, and one over
 * this replica's connection limit with a 503.
 */
@Component
class LiveHandshake implements HandshakeInterceptor {

    static final String CALLER = "messaging.live.caller";

    private final Connections connections;
    private final LiveProperties properties;
    private final ProblemWriter problems;

    LiveHandshake(Connections connections, LiveProperties properties, ProblemWriter problems) {
        this.connections = connections;
        this.properties = properties;
        this.problems = problems;
    }

    @Override
    public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
            Map<String, Object> attributes) throws IOException {
        Optional<SymbiaPrincipal> principal = Authz.current();
        if (principal.isEmpty()) {
            refuse(request, response, HttpHeaders.WWW_AUTHENTICATE, "Bearer", ProblemException.unauthenticated(
                    "The socket needs a valid access token (Authorization header, ?access_token= or the token cookie) "
                            + "or API key."));
            return false;
        }
        Caller caller;
        try {
            caller = Caller.of(principal.get());
        } catch (ProblemException e) {
            refuse(request, response, null, null, e);
            return false;
        }
        if (connections.openCount(Transport.WEBSOCKET) >= properties.maxConnections()) {
            refuse(request, response, HttpHeaders.RETRY_AFTER, "5", new ProblemException(HttpStatus.SERVICE_UNAVAILABLE,
                    ProblemTypes.UNAVAILABLE, "Service unavailable",
                    "This replica has its maximum of live connections; try again shortly."));
            return false;
        }
        attributes.put(CALLER, caller);
        return true;
    }

    private void refuse(ServerHttpRequest request, ServerHttpResponse response, String header, String value,
            ProblemException problem) throws IOException {
        HttpServletResponse servletResponse = ((ServletServerHttpResponse) response).getServletResponse();
        if (header != null) {
            servletResponse.setHeader(header, value);
        }
        problems.write(((ServletServerHttpRequest) request).getServletRequest(), servletResponse, problem.getBody());
    }

    @Override
    public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
            Exception exception) {
        // nothing to do
    }
}
