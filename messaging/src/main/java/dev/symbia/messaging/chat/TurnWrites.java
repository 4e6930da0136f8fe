package dev.symbia.messaging.chat;

import dev.symbia.core.ProblemTypes;
import dev.symbia.web.problem.ProblemException;
import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ContextSnapshotFactory;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.MDC;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * Where a chat turn's database writes run: a few platform threads, not the request's virtual thread.
 *
 * <p>Under a burst, hundreds of virtual threads are streaming replies. A virtual thread holding a pooled
 * connection waits behind all of them for a carrier after every round trip to PostgreSQL, so the pool's ten
 * connections served a few dozen transactions a second and a burst of 1000 chats timed out on the pool
 * (measured: a third of the turns refused, a hundred replies never finished). Platform threads are scheduled
 * by the OS, there are fewer of them than connections (so a write never waits for the pool), and the queue in
 * front of them is first come, first served. A turn's first write still queued after {@code wait} is taken
 * off the queue and never runs: the caller gets 503 with {@code Retry-After}, and the refused turn leaves
 * nothing behind (a write that started is always let finish). The caller's trace and log context go with
 * the work.
 */
final class TurnWrites implements AutoCloseable {

    private final ExecutorService executor;
    private final Duration wait;
    private final ContextSnapshotFactory snapshots = ContextSnapshotFactory.builder().build();

    TurnWrites(int threads, Duration wait) {
        this.wait = wait;
        this.executor = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                Thread.ofPlatform().name("chat-writes-", 0).daemon().factory());
    }

    /**
     * Runs the work on a write thread and returns its result; its exceptions are rethrown as they were. A turn's
     * first write: refused (503) when it waited longer than {@code wait}.
     */
    <T> T run(Supplier<T> work) {
        return run(work, true);
    }

    /** As {@link #run}, but however long it waits: the last write of a turn whose reply was streamed. */
    <T> T runEventually(Supplier<T> work) {
        return run(work, false);
    }

    private <T> T run(Supplier<T> work, boolean refuseWhenLate) {
        ContextSnapshot context = snapshots.captureAll();
        Map<String, String> mdc = MDC.getCopyOfContextMap();
        // Queued → started, or queued → refused: whichever happens first (FutureTask cannot tell queued from running).
        AtomicBoolean decided = new AtomicBoolean();
        Future<T> future = executor.submit(() -> {
            if (!decided.compareAndSet(false, true)) {
                return null; // refused while queued: its caller has its 503 already
            }
            Map<String, String> previous = MDC.getCopyOfContextMap();
            try (ContextSnapshot.Scope scope = context.setThreadLocals()) {
                if (mdc != null) {
                    MDC.setContextMap(mdc);
                }
                return work.get();
            } finally {
                if (previous != null) {
                    MDC.setContextMap(previous);
                } else {
                    MDC.clear();
                }
            }
        });
        try {
            if (!refuseWhenLate) {
                return future.get();
            }
            try {
                return future.get(wait.toNanos(), TimeUnit.NANOSECONDS);
            } catch (TimeoutException late) {
                if (decided.compareAndSet(false, true)) {
                    future.cancel(false);
                    throw busy(); // still queued: it will never run
                }
                return future.get(); // it started meanwhile: started work is let finish
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (decided.compareAndSet(false, true)) {
                future.cancel(false);
            }
            throw new IllegalStateException("Interrupted while the chat turn was being written", e);
        }
    }

    static ProblemException busy() {
        ProblemException busy = new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.UNAVAILABLE,
                "Service busy", "Too many chats are being started at once; retry shortly.");
        busy.getHeaders().set(HttpHeaders.RETRY_AFTER, "1");
        return busy;
    }

    @Override
    public void close() throws InterruptedException {
        executor.shutdown();
        executor.awaitTermination(10, TimeUnit.SECONDS);
    }
}
