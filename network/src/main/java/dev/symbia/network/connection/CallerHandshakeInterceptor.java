package dev.symbia.network.connection;

import dev.symbia.network.security.Caller;
import dev.symbia.network.security.CallerResolver;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;

/** Refuses the upgrade (401) unless the handshake identifies a caller; keeps the caller on the session. */
@Component
class CallerHandshakeInterceptor implements HandshakeInterceptor {

    static final String CALLER = "network.caller";

    private final CallerResolver resolver;

    CallerHandshakeInterceptor(CallerResolver resolver) {
        this.resolver = resolver;
    }

    @Override
    public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
            Map<String, Object> attributes) {
        Optional<Caller> caller = resolver.resolve(name -> request.getHeaders().getFirst(name));
        if (caller.isEmpty()) {
            response.setStatusCode(HttpStatus.UNAUTHORIZED);
            return false;
        }
        attributes.put(CALLER, caller.get());
        return true;
    }

    @Override
    public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
            Exception exception) {
        // nothing to do
    }
}
