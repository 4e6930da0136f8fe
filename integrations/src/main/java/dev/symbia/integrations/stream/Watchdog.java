package dev.symbia.integrations.stream;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Enforces the first-chunk, idle and total timeouts of one provider stream and cancels the call
 * when one expires. Each chunk costs one volatile write; a single scheduled check re-arms itself
 * for the nearest deadline, so no thread waits per stream.
 */
public final class Watchdog {

    /** Which timer expired. */
    public enum Expiry {
        FIRST_CHUNK, IDLE, TOTAL
    }

    private final ScheduledExecutorService scheduler;
    private final TimeoutProperties timeouts;
    private final Runnable onExpire;
    private volatile long startNanos;
    private volatile long lastChunkNanos;
    private volatile boolean sawChunk;
    private volatile boolean stopped;
    private volatile Expiry expired;
    private volatile ScheduledFuture<?> pending;

    public Watchdog(ScheduledExecutorService scheduler, TimeoutProperties timeouts, Runnable onExpire) {
        this.scheduler = scheduler;
        this.timeouts = timeouts;
        this.onExpire = onExpire;
    }

    public void start() {
        startNanos = System.nanoTime();
        arm(Math.min(timeouts.firstChunk().toNanos(), timeouts.total().toNanos()));
    }

    /** A stream event arrived. */
    public void chunk() {
        lastChunkNanos = System.nanoTime();
        sawChunk = true;
    }

    public void stop() {
        stopped = true;
        ScheduledFuture<?> future = pending;
        if (future != null) {
            future.cancel(false);
        }
    }

    /** The timer that expired, or null. */
    public Expiry expired() {
        return expired;
    }

    /** Caller-facing text for an expiry, naming the configured limit. */
    public String describe(Expiry expiry) {
        return switch (expiry) {
            case FIRST_CHUNK -> "The provider sent nothing within " + human(timeouts.firstChunk()) + ".";
            case IDLE -> "The provider went silent for more than " + human(timeouts.idle()) + " mid-reply.";
            case TOTAL -> "The reply took longer than " + human(timeouts.total()) + ".";
        };
    }

    private void check() {
        if (stopped) {
            return;
        }
        long now = System.nanoTime();
        long totalDeadline = startNanos + timeouts.total().toNanos();
        long chunkDeadline = sawChunk
                ? lastChunkNanos + timeouts.idle().toNanos()
                : startNanos + timeouts.firstChunk().toNanos();
        Expiry which = null;
        if (now - totalDeadline >= 0) {
            which = Expiry.TOTAL;
        } else if (now - chunkDeadline >= 0) {
            which = sawChunk ? Expiry.IDLE : Expiry.FIRST_CHUNK;
        }
        if (which != null) {
            expired = which;
            stopped = true;
            onExpire.run();
            return;
        }
        arm(Math.min(totalDeadline, chunkDeadline) - now);
    }

    private void arm(long delayNanos) {
        if (!stopped) {
            pending = scheduler.schedule(this::check, Math.max(delayNanos, 1_000_000L), TimeUnit.NANOSECONDS);
        }
    }

    private static String human(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? (millis / 1000) + "s" : millis + "ms";
    }
}
