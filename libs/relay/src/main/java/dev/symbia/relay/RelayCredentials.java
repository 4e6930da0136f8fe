package dev.symbia.relay;

import dev.symbia.auth.AuthUnavailableException;
import dev.symbia.auth.ServiceTokenClient;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Headers the relay presents when it opens its WebSocket to the network; asked again on every
 * (re)connect so a renewed token is picked up. A relay-using service gets
 * {@link #serviceToken(ServiceTokenClient)} from the auto-configuration; bind another bean to override.
 */
@FunctionalInterface
public interface RelayCredentials {

    /** The headers; may throw an unchecked exception when none can be had right now (the caller retries later). */
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

    /**
     * This service's own service token (libs/auth), renewed by the client before it expires. When
     * identity cannot issue one, {@link #headers()} throws {@link IllegalStateException} rather than
     * connecting without credentials, so the relay backs off and tries again.
     */
    static RelayCredentials serviceToken(ServiceTokenClient client) {
        return bearer(() -> {
            try {
                return client.token();
            } catch (AuthUnavailableException e) {
                throw new IllegalStateException("no service token: " + e.getMessage(), e);
            }
        });
    }
}
