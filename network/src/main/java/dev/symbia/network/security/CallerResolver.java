package dev.symbia.network.security;

import java.util.Optional;
import java.util.function.Function;

/**
 * Turns a request's headers (REST or WebSocket handshake) into a caller, or nothing when the
 * request is anonymous or its credentials are not valid.
 */
public interface CallerResolver {

    Optional<Caller> resolve(Function<String, String> header);
}
