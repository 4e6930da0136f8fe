package dev.symbia.integrations.stream;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Hands a provider stream's events from the thread reading the provider to the thread writing the
 * caller's response. Bounded, so a slow caller slows the provider read (TCP back-pressure) instead
 * of buffering a whole reply; guarantees at most one terminal event; and {@link #cancel()} stops
 * the provider call when the caller goes away.
 */
public final class EventChannel {

    private static final long OFFER_SLICE_MS = 100;

    private final BlockingQueue<StreamEvent> queue;
    private final AtomicBoolean terminated = new AtomicBoolean();
    private volatile boolean cancelled;
    private volatile Runnable onCancel = () -> { };

    public EventChannel(int capacity) {
        this.queue = new LinkedBlockingQueue<>(capacity);
    }

    /** What to do when the consumer cancels: stop the provider call. */
    public void onCancel(Runnable action) {
        this.onCancel = action;
    }

    /**
     * Producer side. Blocks while the consumer is behind; returns false, dropping the event, once
     * the consumer cancelled or a terminal event was already emitted.
     */
    public boolean emit(StreamEvent event) {
        if (cancelled || terminated.get()) {
            return false;
        }
        if (event.terminal() && !terminated.compareAndSet(false, true)) {
            return false;
        }
        try {
            while (!cancelled) {
                if (queue.offer(event, OFFER_SLICE_MS, TimeUnit.MILLISECONDS)) {
                    return true;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    public boolean isTerminated() {
        return terminated.get();
    }

    public boolean isCancelled() {
        return cancelled;
    }

    /** Consumer side: the next event, waiting as long as it takes (the provider call has its own timeouts). */
    public StreamEvent next() throws InterruptedException {
        return queue.take();
    }

    /** Consumer side: the next event, or null when none arrived within {@code wait}. */
    public StreamEvent poll(Duration wait) throws InterruptedException {
        return queue.poll(wait.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Consumer side: the caller is gone; stop the provider call and drop whatever is queued. */
    public void cancel() {
        if (cancelled) {
            return;
        }
        cancelled = true;
        queue.clear();
        onCancel.run();
    }
}
