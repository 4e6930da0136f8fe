package dev.symbia.relay;

import java.util.Locale;
import java.util.Optional;

/** Which trust boundary an event crosses: inside one service, between services, or out of the platform. */
public enum Boundary {
    INTRA, INTER, EXTRA;

    // Spelled once: wire() is called several times per event on the network's path (issue 26).
    private final String wire = name().toLowerCase(Locale.ROOT);

    /** The wire spelling: {@code intra}, {@code inter}, {@code extra}. */
    public String wire() {
        return wire;
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
