package dev.symbia.logging.otlp;

import java.util.LinkedHashSet;
import java.util.Set;

/** Counts records rejected in one export and why, for OTLP's partial-success answer. */
final class Rejected {

    private long count;
    private final Set<String> reasons = new LinkedHashSet<>();

    void reject(String reason) {
        count++;
        if (reasons.size() < 5) {
            reasons.add(reason);
        }
    }

    void reject(long n, String reason) {
        if (n > 0) {
            count += n;
            if (reasons.size() < 5) {
                reasons.add(reason);
            }
        }
    }

    long count() {
        return count;
    }

    String message() {
        return String.join("; ", reasons);
    }
}
