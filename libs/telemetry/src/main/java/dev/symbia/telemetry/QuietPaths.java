package dev.symbia.telemetry;

import io.micrometer.observation.Observation;
import java.util.List;

/** Paths that produce no traces: probes, docs, metrics scrapes and the OTLP receiver itself. */
final class QuietPaths {

    private static final List<String> PREFIXES = List.of(
            "/health", "/actuator", "/docs", "/swagger-ui", "/v1/traces", "/v1/logs", "/v1/metrics", "/favicon.ico");

    private QuietPaths() {
    }

    static boolean isQuiet(String path) {
        for (String prefix : PREFIXES) { // asked for every request: no stream
            if (path.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** The request path of a server observation, servlet or reactive; null for anything else. */
    static String pathOf(Observation.Context context) {
        if (ClassPresence.SERVLET && context instanceof org.springframework.http.server.observation.ServerRequestObservationContext servlet) {
            return servlet.getCarrier() == null ? null : servlet.getCarrier().getRequestURI();
        }
        if (ClassPresence.REACTIVE && context instanceof org.springframework.http.server.reactive.observation.ServerRequestObservationContext reactive) {
            return reactive.getCarrier() == null ? null : reactive.getCarrier().getPath().value();
        }
        return null;
    }

    private static final class ClassPresence {
        static final boolean SERVLET = present("jakarta.servlet.http.HttpServletRequest");
        static final boolean REACTIVE = present("org.springframework.http.server.reactive.ServerHttpRequest");

        private static boolean present(String name) {
            try {
                Class.forName(name, false, QuietPaths.class.getClassLoader());
                return true;
            } catch (ClassNotFoundException e) {
                return false;
            }
        }
    }
}
