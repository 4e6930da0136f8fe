package dev.symbia.relay;

import java.util.Locale;
import java.util.Optional;

/** Which trust boundary an event crosses: inside one service, between services, or out of the platform. */
public enum Boundary {
    INTRA, INTER, EXTRA;

    /** The wire spelling: {@code intra}, {@code inter}, {@code extra}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Boundary> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        return switch (value) {
            case "intra" -> Optional.of(INTRA);
            case "inter" -> Optional.of(INTER);
            case "extra" -> Optional.of(EXTRA);
            default -> Optional.empty();
        };
    }
}
