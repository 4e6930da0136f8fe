package dev.symbia.identity.ratelimit;

import dev.symbia.core.ProblemTypes;
import dev.symbia.identity.crypto.Hashes;
import dev.symbia.web.problem.ProblemException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Fixed-window counters in PostgreSQL, so every identity replica sees the same counts (SPEC §10:
 * no in-memory state that breaks with two replicas). Bucket names are hashed: no emails at rest.
 */
@Component
public class RateLimiter {

    private final JdbcClient jdbc;
    private final Clock clock;

    RateLimiter(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Counts one hit; a 429 problem with {@code Retry-After} once more than {@code limit} fell in the window. */
    public void hit(String bucket, int limit, Duration window) {
        Window current = increment(bucket, window);
        if (current.hits() > limit) {
            throw tooMany(current.retryAfter(window, clock.instant()));
        }
    }

    /** A 429 if the bucket already holds {@code limit} hits in its window (e.g. failed logins); counts nothing. */
    public void requireBelow(String bucket, int limit, Duration window) {
        Instant now = clock.instant();
        jdbc.sql("SELECT hits, window_start FROM rate_limits WHERE bucket = :bucket")
                .param("bucket", key(bucket))
                .query((rs, row) -> new Window(rs.getInt(1), rs.getObject(2, OffsetDateTime.class).toInstant()))
                .optional()
                .filter(w -> w.start().isAfter(now.minus(window)) && w.hits() >= limit)
                .ifPresent(w -> {
                    throw tooMany(w.retryAfter(window, now));
                });
    }


    /** Counts one hit without enforcing anything (e.g. a failed login, enforced by {@link #requireBelow}). */
    public void count(String bucket, Duration window) {
        increment(bucket, window);
    }

    public void reset(String bucket) {
        jdbc.sql("DELETE FROM rate_limits WHERE bucket = :bucket").param("bucket", key(bucket)).update();
    }

    private Window increment(String bucket, Duration window) {
        Instant now = clock.instant();
        if (ThreadLocalRandom.current().nextInt(500) == 0) {
            jdbc.sql("DELETE FROM rate_limits WHERE window_start < :cutoff")
                    .param("cutoff", OffsetDateTime.ofInstant(now.minus(Duration.ofDays(1)), ZoneOffset.UTC)).update();
        }
        return jdbc.sql("""
                INSERT INTO rate_limits (bucket, window_start, hits) VALUES (:bucket, :now, 1)
                ON CONFLICT (bucket) DO UPDATE SET
                    hits = CASE WHEN rate_limits.window_start <= :cutoff THEN 1 ELSE rate_limits.hits + 1 END,
                    window_start = CASE WHEN rate_limits.window_start <= :cutoff THEN :now ELSE rate_limits.window_start END
                RETURNING hits, window_start
                """)
                .param("bucket", key(bucket))
                .param("now", OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
                .param("cutoff", OffsetDateTime.ofInstant(now.minus(window), ZoneOffset.UTC))
                .query((rs, row) -> new Window(rs.getInt(1), rs.getObject(2, OffsetDateTime.class).toInstant()))
                .single();
    }

    private static String key(String bucket) {
        return Hashes.sha256(bucket);
    }

    static ProblemException tooMany(long retryAfterSeconds) {
        ProblemException problem = new ProblemException(HttpStatus.TOO_MANY_REQUESTS, ProblemTypes.RATE_LIMITED,
                "Too many requests", "Too many attempts; retry after " + retryAfterSeconds + " seconds.",
                Map.of("retryAfter", retryAfterSeconds));
        problem.getHeaders().set("Retry-After", Long.toString(retryAfterSeconds));
        return problem;
    }

    private record Window(int hits, Instant start) {
        long retryAfter(Duration window, Instant now) {
            return Math.max(1, Duration.between(now, start.plus(window)).toSeconds() + 1);
        }
    }
}
