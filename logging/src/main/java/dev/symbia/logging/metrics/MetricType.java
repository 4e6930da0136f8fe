package dev.symbia.logging.metrics;

import java.util.Locale;
import java.util.Optional;

/** What a metric's points mean: a sampled value, a count (delta), or an explicit-bucket histogram. */
public enum MetricType {
    GAUGE, COUNTER, HISTOGRAM;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<MetricType> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "gauge", "updowncounter", "up_down_counter" -> Optional.of(GAUGE);
            case "counter", "sum" -> Optional.of(COUNTER);
            case "histogram" -> Optional.of(HISTOGRAM);
            default -> Optional.empty();
        };
    }
}
