package dev.symbia.logging.metrics;

import java.util.Locale;
import java.util.Optional;

/** The statistic a client asks for as a bucket's {@code value}; every bucket carries all of them anyway. */
enum Aggregation {
    COUNT, SUM, AVG, MIN, MAX, P50, P95, P99;

    static Optional<Aggregation> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "count" -> Optional.of(COUNT);
            case "sum" -> Optional.of(SUM);
            case "avg", "mean", "average" -> Optional.of(AVG);
            case "min" -> Optional.of(MIN);
            case "max" -> Optional.of(MAX);
            case "p50", "median" -> Optional.of(P50);
            case "p95" -> Optional.of(P95);
            case "p99" -> Optional.of(P99);
            default -> Optional.empty();
        };
    }

    Double of(Bucket b) {
        return switch (this) {
            case COUNT -> (double) b.count();
            case SUM -> b.sum();
            case AVG -> b.avg();
            case MIN -> b.min();
            case MAX -> b.max();
            case P50 -> b.p50();
            case P95 -> b.p95();
            case P99 -> b.p99();
        };
    }
}
