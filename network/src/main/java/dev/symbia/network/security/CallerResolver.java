package dev.symbia.network.security;

import java.util.Optional;
import java.util.function.Function;

/**
 * Who is calling, for REST and for the WebSocket handshake: the principal libs/auth verified for
 * the current request, else a bearer access token found through {@code header} (a handshake passes
 * its {@code token} query parameter that way). Empty when the request is anonymous or its
 * credential does not verify.
 */
public interface CallerResolver {

    Optional<Caller> resolve(Function<String, String> header);
}
