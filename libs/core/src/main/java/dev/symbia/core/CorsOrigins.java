package dev.symbia.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Allowed browser origins from {@code CORS_ALLOWED_ORIGINS} (comma list; {@code *.domain} style
 * wildcards allowed). Outside production any localhost origin is allowed too, so a website under
 * development on any port can call the stack.
 */
public final class CorsOrigins {

    public static final String ENV = "CORS_ALLOWED_ORIGINS";

    /** Headers a browser may send: auth, tenancy and tracing. */
    public static final List<String> ALLOWED_HEADERS = List.of(
            "Content-Type", "Authorization", "X-API-Key", "X-Org-Id", "X-Service-Id", "X-Request-Id",
            "traceparent", "tracestate", "Last-Event-ID", "Accept", "Cache-Control");

    /** Response headers a browser script may read. */
    public static final List<String> EXPOSED_HEADERS = List.of(
            "X-Request-Id", "X-Conversation-Id", "X-Message-Id", "Retry-After", "traceparent");

    public static final List<String> ALLOWED_METHODS = List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

    private static final List<String> LOCALHOST_PATTERNS = List.of(
            "http://localhost:[*]", "https://localhost:[*]", "http://127.0.0.1:[*]", "https://127.0.0.1:[*]",
            "http://localhost", "http://127.0.0.1");

    private CorsOrigins() {
    }

    /** Origin patterns in Spring's {@code allowedOriginPatterns} syntax. */
    public static List<String> patterns(String configured, RuntimeMode mode) {
        List<String> patterns = new ArrayList<>();
        if (configured != null) {
            Arrays.stream(configured.split(","))
                    .map(String::trim)
                    .filter(s -> !s.isEmpty())
                    .map(CorsOrigins::toPattern)
                    .forEach(patterns::add);
        }
        if (!mode.isProduction()) {
            patterns.addAll(LOCALHOST_PATTERNS);
        }
        return List.copyOf(patterns);
    }

    private static String toPattern(String origin) {
        // "https://*.example.com" is already a valid pattern; a bare "*.example.com" gets both schemes.
        if (origin.startsWith("*.")) {
            return "https://" + origin;
        }
        return origin.endsWith("/") ? origin.substring(0, origin.length() - 1) : origin;
    }
}
