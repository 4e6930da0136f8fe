package dev.symbia.network.connection;

import dev.symbia.auth.AccessTokenVerifier;
import dev.symbia.auth.Authz;
import dev.symbia.auth.InvalidTokenException;
import dev.symbia.auth.SymbiaPrincipal;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Who opens a relay socket: the principal libs/auth's filter verified for the handshake (bearer header, API key,
 * cookie), else an access token from the {@code token} query parameter, for clients that cannot set headers on a
 * WebSocket handshake — verified here with the same local verifier (access tokens only: API keys never go in URLs).
 */
@Component
class HandshakePrincipals {

    private static final Logger log = LoggerFactory.getLogger(HandshakePrincipals.class);

    private final AccessTokenVerifier tokens;

    HandshakePrincipals(AccessTokenVerifier tokens) {
        this.tokens = tokens;
    }

    /** {@code authorization}: the handshake's header, which libs/auth already tried; the query token counts only without it. */
    Optional<SymbiaPrincipal> resolve(String authorization, String queryToken) {
        Optional<SymbiaPrincipal> authenticated = Authz.current();
        if (authenticated.isPresent() || authorization != null || queryToken == null || queryToken.isBlank()) {
            return authenticated;
        }
        try {
            return Optional.of(tokens.verify(queryToken.trim()).toPrincipal());
        } catch (InvalidTokenException e) {
            log.debug("Rejected a handshake token: {}", e.getMessage());
            return Optional.empty();
        }
    }
}
