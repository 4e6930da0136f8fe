package dev.symbia.logging.ingest;

import java.time.Instant;

/** The range of timestamps accepted on ingest: what PostgreSQL stores and a human could mean. */
public final class Timestamps {

    public static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
    public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    private Timestamps() {
    }

    public static boolean acceptable(Instant instant) {
        return instant != null && !instant.isBefore(EARLIEST) && !instant.isAfter(LATEST);
    }

    /** An instant from OTLP's unsigned nanoseconds since the epoch. */
    public static Instant fromUnixNanos(long nanos) {
        long unsignedSeconds = Long.divideUnsigned(nanos, 1_000_000_000L);
        long rest = Long.remainderUnsigned(nanos, 1_000_000_000L);
        return Instant.ofEpochSecond(unsignedSeconds, rest);
    }
}
