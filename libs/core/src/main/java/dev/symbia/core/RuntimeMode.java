package dev.symbia.core;

import java.util.Locale;
import java.util.Map;

/**
 * How the platform runs, from {@code SYMBIA_ENV}. Anything that is not explicitly development or
 * test is production, so a forgotten variable fails safe: secrets are required and CORS is strict.
 */
public enum RuntimeMode {
    DEVELOPMENT, TEST, PRODUCTION;

    public static final String ENV = "SYMBIA_ENV";

    public static RuntimeMode from(Map<String, String> env) {
        return parse(env.get(ENV));
    }

    public static RuntimeMode parse(String value) {
        if (value == null) {
            return PRODUCTION;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "development", "dev", "local" -> DEVELOPMENT;
            case "test" -> TEST;
            default -> PRODUCTION;
        };
    }

    public boolean isProduction() {
        return this == PRODUCTION;
    }
}
