package dev.symbia.web.sse;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

/**
 * Hands a stream's events from the thread reading them (an upstream call) to the thread writing them to the
 * caller. Bounded, with back-pressure: at most {@code capacity} events wait, and a producer that
 * {@link #emit emits} into a full pipe waits, so a slow caller slows the upstream read (TCP back-pressure)
 * instead of buffering a whole reply. At most one terminal event passes, and it never waits nor is refused for
 * room: a slot is kept for it, so the final frame is never lost to a full pipe. {@link #cancel()} (the caller
 * left) drops what is queued, releases waiting producers and runs the {@link #onCancel} action.
 *
 * <p>One consumer; any number of producers.
 *
 * @param <T> the event type; {@code terminal} tells which events end the stream
 */
public class StreamPipe<T> {

    private final BlockingQueue<T> queue;
    private final Semaphore room; // one permit per free non-terminal slot
    private final Predicate<? super T> terminal;
    private final AtomicBoolean terminated = new AtomicBoolean();
    private volatile boolean cancelled;
    private volatile Runnable onCancel = () -> { };

    public StreamPipe(int capacity, Predicate<? super T> terminal) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.queue = new LinkedBlockingQueue<>(capacity + 1); // + the terminal event's reserved slot
        this.room = new Semaphore(capacity);
        this.terminal = terminal;
    }

    /** What to do when the consumer cancels, e.g. close the upstream call. */
    public void onCancel(Runnable action) {
        this.onCancel = action;
        if (cancelled) {
            action.run();
        }
    }

    /**
     * Producer side: queues the event, waiting while the pipe is full. Returns false, dropping the event, once
     * the consumer cancelled or a terminal event was already emitted. A terminal event never waits.
     */
    public boolean emit(T event) {
        try {
            return put(event, true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Producer side, for a thread that must not wait (an event listener): false when the pipe is full (the
     * caller keeps the event and sends it later, e.g. merged into the next one), cancelled or terminated.
     * A terminal event is always accepted unless one was already.
     */
    public boolean tryEmit(T event) {
        try {
            return put(event, false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private boolean put(T event, boolean wait) throws InterruptedException {
        if (cancelled || terminated.get()) {
            return false;
        }
        if (terminal.test(event)) {
            return terminated.compareAndSet(false, true) && queue.offer(event); // the reserved slot is free
        }
        if (!room.tryAcquire()) {
            if (!wait) {
                return false;
            }
            room.acquire(); // cancel() releases every waiter
        }
        if (cancelled || terminated.get()) {
            room.release();
            return false;
        }
        return queue.offer(event);
    }

    public boolean isTerminated() {
        return terminated.get();
    }

    public boolean isCancelled() {
        return cancelled;
    }

    /** Consumer side: the next event, waiting as long as it takes. */
    public T next() throws InterruptedException {
        return taken(queue.take());
    }

    /** Consumer side: the next event, or null when none arrived within {@code wait} (zero: only what is queued). */
    public T poll(Duration wait) throws InterruptedException {
        return taken(wait.isZero() ? queue.poll() : queue.poll(wait.toNanos(), TimeUnit.NANOSECONDS));
    }

    /** Consumer side: the caller is gone; drop what is queued, release waiting producers, run the cancel action. */
    public void cancel() {
        if (cancelled) {
            return;
        }
        cancelled = true;
        queue.clear();
        room.release(Integer.MAX_VALUE / 2); // wakes every waiting producer; they see the cancel and give up
        onCancel.run();
    }

    private T taken(T event) {
        if (event != null && !terminal.test(event)) {
            room.release();
        }
        return event;
    }
}
