package dev.symbia.core;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The nine platform services, their default ports and how their address is configured.
 * This is the single source of the service map (SPEC §1); the gateway, the e2e tests and the
 * services themselves read it from here.
 */
public enum SymbiaService {

    IDENTITY(5001),
    LOGGING(5002),
    CATALOG(5003),
    ASSISTANTS(5004),
    MESSAGING(5005),
    RUNTIME(5006),
    INTEGRATIONS(5007),
    MODELS(5008),
    NETWORK(5054);

    private final int defaultPort;

    SymbiaService(int defaultPort) {
        this.defaultPort = defaultPort;
    }

    /** Lower-case id used in paths, schemas and node ids, e.g. {@code messaging}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public int defaultPort() {
        return defaultPort;
    }

    /** Prefix of this service's environment variables, e.g. {@code MESSAGING}. */
    public String envPrefix() {
        return name();
    }

    /** {@code <SERVICE>_PORT}, then {@code PORT}, then the default port. */
    public int port(Map<String, String> env) {
        return firstInt(env, envPrefix() + "_PORT")
                .or(() -> firstInt(env, "PORT"))
                .orElse(defaultPort);
    }

    /** {@code <SERVICE>_SERVICE_URL}, else {@code http://localhost:<default port>} (no trailing slash). */
    public String url(Map<String, String> env) {
        String configured = env.get(envPrefix() + "_SERVICE_URL");
        if (configured != null && !configured.isBlank()) {
            String trimmed = configured.trim();
            return trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
        }
        return "http://localhost:" + defaultPort;
    }

    public static Optional<SymbiaService> byId(String id) {
        if (id == null) {
            return Optional.empty();
        }
        return Arrays.stream(values()).filter(s -> s.id().equals(id)).findFirst();
    }

    private static Optional<Integer> firstInt(Map<String, String> env, String key) {
        String value = env.get(key);
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Integer.parseInt(value.trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a port number, got '" + value + "'");
        }
    }
}
