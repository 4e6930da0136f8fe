package dev.symbia.auth.telemetry;

import dev.symbia.auth.AuthUnavailableException;
import dev.symbia.auth.ServiceTokenClient;
import dev.symbia.telemetry.TelemetryCredentials;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates this service's telemetry exports with its service token, so the logging service
 * knows who sent them. When identity can't be reached the export goes without (and is refused),
 * which never touches a request: exports run on their own threads.
 */
final class ServiceTokenTelemetryCredentials implements TelemetryCredentials {

    private static final Logger log = LoggerFactory.getLogger(ServiceTokenTelemetryCredentials.class);

    private final ServiceTokenClient client;
    private volatile long lastWarning;

    ServiceTokenTelemetryCredentials(ServiceTokenClient client) {
        this.client = client;
    }

    @Override
    public Map<String, String> headers() {
        try {
            return Map.of("Authorization", "Bearer " + client.token());
        } catch (AuthUnavailableException | RuntimeException e) {
            long now = System.currentTimeMillis();
            if (now - lastWarning > 60_000) {
                lastWarning = now;
                log.warn("Telemetry export without a service token ({})", e.getClass().getSimpleName());
            }
            return Map.of();
        }
    }
}
