package dev.symbia.auth.telemetry;

import dev.symbia.auth.AuthUnavailableException;
import dev.symbia.auth.ServiceTokens;
import dev.symbia.telemetry.TelemetryCredentials;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates telemetry exports with the caller's service token, so the logging service knows who
 * sent them: the services' (from their {@code ServiceTokenClient}) and the gateway's. When identity
 * can't be reached the export goes without (and is refused), which never touches a request: exports
 * run on their own threads.
 */
public final class ServiceTokenTelemetryCredentials implements TelemetryCredentials {

    private static final Logger log = LoggerFactory.getLogger(ServiceTokenTelemetryCredentials.class);

    private final ServiceTokens tokens;
    private volatile long lastWarning;

    public ServiceTokenTelemetryCredentials(ServiceTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public Map<String, String> headers() {
        try {
            return Map.of("Authorization", "Bearer " + tokens.token());
        } catch (AuthUnavailableException | RuntimeException e) {
            long now = System.currentTimeMillis();
            if (now - lastWarning > 60_000) {
                lastWarning = now;
                // AuthUnavailableException messages are ours and carry no secret; others only by type.
                log.warn("Telemetry export without a service token ({})",
                        e instanceof AuthUnavailableException ? e.getMessage() : e.getClass().getSimpleName());
            }
            return Map.of();
        }
    }
}
