package dev.symbia.integrations.connector;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Xray's issue severities, least to most severe ({@code Unknown} and {@code Information} rank lowest). */
public enum Severity {
    UNKNOWN, INFORMATION, LOW, MEDIUM, HIGH, CRITICAL;

    public static Optional<Severity> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String wanted = text.trim().toUpperCase(Locale.ROOT);
        return Arrays.stream(values()).filter(s -> s.name().equals(wanted)).findFirst();
    }

    /** Xray's own spelling ({@code Critical}, {@code High}, …). */
    public String wireName() {
        return name().charAt(0) + name().substring(1).toLowerCase(Locale.ROOT);
    }
}
