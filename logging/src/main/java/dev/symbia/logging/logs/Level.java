package dev.symbia.logging.logs;

import java.util.Locale;
import java.util.Optional;

/**
 * Log levels, ordered, with the OpenTelemetry severity number at the start of each level's range,
 * which is what is stored so that "at least warn" is a plain comparison.
 */
public enum Level {
    DEBUG(5), INFO(9), WARN(13), ERROR(17), FATAL(21);

    private final int severity;

    Level(int severity) {
        this.severity = severity;
    }

    public int severity() {
        return severity;
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** A level name as clients send it; OTel and syslog spellings are accepted too. */
    public static Optional<Level> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "trace", "debug", "fine", "finer", "finest" -> Optional.of(DEBUG);
            case "info", "information", "notice" -> Optional.of(INFO);
            case "warn", "warning" -> Optional.of(WARN);
            case "error", "err", "severe" -> Optional.of(ERROR);
            case "fatal", "critical", "crit", "alert", "emergency", "emerg" -> Optional.of(FATAL);
            default -> Optional.empty();
        };
    }

    /** The level of an OTel severity number (1–24); empty for 0 (unspecified) or out of range. */
    public static Optional<Level> fromSeverityNumber(int number) {
        if (number < 1 || number > 24) {
            return Optional.empty();
        }
        if (number <= 8) {
            return Optional.of(DEBUG);
        }
        return Optional.of(values()[(number - 1) / 4 - 1]);
    }

    public static Level fromSeverity(int severity) {
        return fromSeverityNumber(severity).orElse(INFO);
    }
}
