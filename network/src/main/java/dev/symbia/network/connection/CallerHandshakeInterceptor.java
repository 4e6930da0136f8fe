package dev.symbia.network.connection;

import dev.symbia.auth.SymbiaPrincipal;
import dev.symbia.core.ProblemTypes;
import dev.symbia.web.problem.ProblemException;
import dev.symbia.web.problem.ProblemWriter;
import jakarta.servlet.http.HttpServletRequest;
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
 * Authenticates the relay socket's handshake itself (the path is public in libs/auth's chain):
 * refuses the upgrade with a 401 problem (libs/web's {@link ProblemWriter}) unless the handshake
 * identifies a principal, and keeps the principal on the session. The credential is what libs/auth's
 * filter verified (bearer header, API key, cookie) or, for clients that cannot set headers on a
 * WebSocket handshake, an access token in the {@code token} query parameter.
 */
@Component
class CallerHandshakeInterceptor implements HandshakeInterceptor {

    static final String PRINCIPAL = "network.principal";
    static final String TOKEN_PARAMETER = "token";

    private final HandshakePrincipals principals;
    private final ProblemWriter problems;

    CallerHandshakeInterceptor(HandshakePrincipals principals, ProblemWriter problems) {
        this.principals = principals;
        this.problems = problems;
    }

    @Override
    public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
            Map<String, Object> attributes) throws IOException {
        HttpServletRequest servlet = request instanceof ServletServerHttpRequest s ? s.getServletRequest() : null;
        Optional<SymbiaPrincipal> principal = principals.resolve(request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION),
                servlet == null ? null : servlet.getParameter(TOKEN_PARAMETER));
        if (principal.isEmpty()) {
            unauthenticated(servlet, response);
            return false;
        }
        attributes.put(PRINCIPAL, principal.get());
        return true;
    }

    private void unauthenticated(HttpServletRequest request, ServerHttpResponse response) throws IOException {
        if (response instanceof ServletServerHttpResponse servlet) {
            // Written straight to the servlet response: the problem writer commits it.
            servlet.getServletResponse().setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
            problems.write(request, servlet.getServletResponse(), new ProblemException(HttpStatus.UNAUTHORIZED,
                    ProblemTypes.UNAUTHENTICATED, "Authentication required",
                    "The relay socket needs a valid access or service token.").getBody());
        } else {
            response.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
            response.setStatusCode(HttpStatus.UNAUTHORIZED);
        }
    }

    @Override
    public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
            Exception exception) {
        // nothing to do
    }
}
