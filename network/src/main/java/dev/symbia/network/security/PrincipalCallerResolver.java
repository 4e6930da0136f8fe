package dev.symbia.network.security;

import dev.symbia.auth.AccessTokenVerifier;
import dev.symbia.auth.Authz;
import dev.symbia.auth.InvalidTokenException;
import dev.symbia.auth.SymbiaPrincipal;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;

/**
 * The caller is libs/auth's principal. Its security filter has already verified the request's
 * credential (bearer token, API key or cookie, with {@code X-Org-Id} resolved); only a token the
 * filter never sees — a WebSocket handshake's {@code ?token=}, for clients that cannot set headers —
 * is verified here, with the same local verifier (access tokens only: API keys never go in URLs).
 */
final class PrincipalCallerResolver implements CallerResolver {

    private static final Logger log = LoggerFactory.getLogger(PrincipalCallerResolver.class);
    private static final String BEARER = "Bearer ";

    private final AccessTokenVerifier tokens;

    PrincipalCallerResolver(AccessTokenVerifier tokens) {
        this.tokens = tokens;
    }

    @Override
    public Optional<Caller> resolve(Function<String, String> header) {
        Optional<SymbiaPrincipal> authenticated = Authz.current();
        if (authenticated.isPresent()) {
            return authenticated.map(PrincipalCallerResolver::caller);
        }
        String authorization = header.apply(HttpHeaders.AUTHORIZATION);
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Optional.empty();
        }
        try {
            return Optional.of(caller(tokens.verify(authorization.substring(BEARER.length()).trim()).toPrincipal()));
        } catch (InvalidTokenException e) {
            log.debug("Rejected a handshake token: {}", e.getMessage());
            return Optional.empty();
        }
    }

    static Caller caller(SymbiaPrincipal principal) {
        Caller.Kind kind = switch (principal.type()) {
            case USER -> Caller.Kind.USER;
            case AGENT -> Caller.Kind.AGENT;
            case SERVICE -> Caller.Kind.SERVICE;
        };
        // An agent is known on the network by its public id (e.g. assistant:onboarding), the id its node registers as.
        String id = principal.isAgent() && principal.agentId() != null && !principal.agentId().isBlank()
                ? principal.agentId() : principal.id();
        return new Caller(kind, id, principal.orgId(), principal.caps(), principal.superAdmin());
    }
}
