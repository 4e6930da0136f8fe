package dev.symbia.auth;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The three kinds of principal (SPEC §3); {@link #wire()} is the {@code typ} claim value. */
public enum PrincipalType {
    USER, AGENT, SERVICE;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<PrincipalType> fromWire(String value) {
        return Arrays.stream(values()).filter(t -> t.wire().equals(value)).findFirst();
    }
}
