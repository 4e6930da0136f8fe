package dev.symbia.relay;

import java.util.Map;
import java.util.function.Supplier;

/**
 * Headers the relay presents when it opens its WebSocket to the network; asked again on every
 * (re)connect so a renewed token is picked up. Bind one as a bean to authenticate the relay, e.g.
 * {@code RelayCredentials.bearer(serviceTokenClient::token)}.
 */
@FunctionalInterface
public interface RelayCredentials {

    Map<String, String> headers();

    static RelayCredentials none() {
        return Map::of;
    }

    /** {@code Authorization: Bearer <token>} with the token fetched at each connect. */
    static RelayCredentials bearer(Supplier<String> token) {
        return () -> {
            String value = token.get();
            return value == null || value.isBlank() ? Map.of() : Map.of("Authorization", "Bearer " + value);
        };
    }
}
