package dev.symbia.core;

import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.util.Objects;

/**
 * The retry state of a loop that keeps a connection open and reconnects forever (the relay's WebSocket,
 * the database listener): a Resilience4j {@link Retry} that never gives up, waiting by the platform's one
 * {@link Backoff} policy. Bounded retries of one call use a {@code Retry} with {@link Backoff#exponential}
 * directly; this is the same thing for a loop that has no single call to decorate.
 *
 * <p>Owned by the loop's one thread: not thread-safe.
 */
public final class Reconnects {

    private final Retry retry;
    private Retry.AsyncContext<Void> outage; // null while connected
    private int failures;

    private Reconnects(Retry retry) {
        this.retry = retry;
    }

    /** A loop that waits {@code initial} after its first failure, doubling (with jitter) up to {@code max}. */
    public static Reconnects of(String name, Duration initial, Duration max) {
        return new Reconnects(Retry.of(Objects.requireNonNull(name, "name"), RetryConfig.custom()
                .maxAttempts(Integer.MAX_VALUE)
                .intervalFunction(Backoff.exponential(initial, max))
                .build()));
    }

    /** An attempt failed: how long to wait before the next one (never gives up). */
    public Duration failed(Throwable cause) {
        if (outage == null) {
            outage = retry.asyncContext();
        }
        failures++;
        long wait = outage.onError(Objects.requireNonNull(cause, "cause"));
        if (wait < 0) {
            // Integer.MAX_VALUE failures: start counting again rather than stop reconnecting.
            outage = retry.asyncContext();
            wait = outage.onError(cause);
        }
        return Duration.ofMillis(wait);
    }

    /** Connected again: the next failure waits the initial delay. */
    public void connected() {
        if (outage != null) {
            outage.onComplete();
            outage = null;
        }
        failures = 0;
    }

    /** Starting over (a stopped loop started again): the next failure waits the initial delay. */
    public void reset() {
        outage = null;
        failures = 0;
    }

    /** Failures since the last success. */
    public int failures() {
        return failures;
    }

    /** The Resilience4j retry, for its events and metrics (attempts with and without success). */
    public Retry retry() {
        return retry;
    }
}
