package dev.symbia.db.batch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes writes off the request path: {@link #add} queues an item and returns; one thread hands whatever has
 * accumulated (up to {@code maxBatch}) to {@code sink} in one call, e.g. one multi-row INSERT. Nothing waits for
 * a timer: idle, an item is written at once; under load batches grow by themselves.
 *
 * <p>Bounded and never silently lossy: when {@code capacity} items wait, {@link #add} writes its item on the
 * caller's thread instead (back-pressure, as before batching). Before {@link #start()} and after {@link #stop()}
 * every item is written on the caller's thread. {@link #stop()} writes everything queued before it returns, so a
 * clean shutdown loses nothing; a crash loses what was queued and not yet written (milliseconds of items).
 * What {@code sink} throws is logged and the batch is dropped: the sink retries or logs row by row if it must.
 * {@link #awaitWritten} gives read-your-writes on this process.
 *
 * @param <T> one row
 */
public final class BatchWriter<T> {

    private static final Logger log = LoggerFactory.getLogger(BatchWriter.class);
    private static final long IDLE_POLL_MS = 100; // how soon an idle worker notices stop()

    private final String name;
    private final int maxBatch;
    private final Consumer<List<T>> sink;
    private final BlockingQueue<T> queue;
    private final AtomicLong added = new AtomicLong();
    private final AtomicLong handled = new AtomicLong(); // written or given up, of those queued
    private final Object progress = new Object();
    private volatile Thread worker;

    public BatchWriter(String name, int capacity, int maxBatch, Consumer<List<T>> sink) {
        if (capacity < 1 || maxBatch < 1) {
            throw new IllegalArgumentException("capacity and maxBatch must be at least 1");
        }
        this.name = name;
        this.maxBatch = maxBatch;
        this.sink = sink;
        this.queue = new LinkedBlockingQueue<>(capacity);
    }

    /** Queues {@code item} for the next batch; writes it here when not running or when the queue is full. */
    public void add(T item) {
        if (worker != null && queue.offer(item)) {
            added.incrementAndGet(); // after the offer: the worker may count it handled first, never the reverse
            if (worker == null) {
                drain(); // stop() ran meanwhile and may have drained before this item arrived
            }
            return;
        }
        write(List.of(item));
    }

    /** Items queued and not yet written. */
    public int queued() {
        return queue.size();
    }

    /** Waits (at most {@code max}) until everything added before this call is written; false on time-out. */
    public boolean awaitWritten(Duration max) {
        long target = added.get();
        long deadline = System.nanoTime() + max.toNanos();
        synchronized (progress) {
            while (handled.get() < target) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    progress.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return true;
    }

    public synchronized void start() {
        if (worker == null) {
            Thread thread = Thread.ofPlatform().daemon().name(name).unstarted(this::run);
            worker = thread; // before it runs: the loop lasts while it is the worker
            thread.start();
        }
    }

    /** Stops taking items into the queue and writes everything queued before returning. */
    public void stop() {
        Thread running;
        synchronized (this) {
            running = worker;
            worker = null; // from now on add() writes on the caller's thread
        }
        if (running == null) {
            return;
        }
        try { // not interrupted: a batch being written finishes (an interrupt could fail its JDBC call)
            running.join(Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        drain(); // whatever the worker did not take (it stops between batches)
    }

    public boolean running() {
        return worker != null;
    }

    private void run() {
        while (worker == Thread.currentThread()) {
            try {
                T first = queue.poll(IDLE_POLL_MS, TimeUnit.MILLISECONDS);
                if (first != null) {
                    List<T> batch = new ArrayList<>(Math.min(maxBatch, queue.size() + 1));
                    batch.add(first);
                    queue.drainTo(batch, maxBatch - 1);
                    writeQueued(batch);
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void drain() {
        List<T> batch = new ArrayList<>();
        while (queue.drainTo(batch, maxBatch) > 0) {
            writeQueued(batch);
            batch = new ArrayList<>();
        }
    }

    private void writeQueued(List<T> batch) {
        try {
            write(batch);
        } finally {
            handled.addAndGet(batch.size());
            synchronized (progress) {
                progress.notifyAll();
            }
        }
    }

    private void write(List<T> batch) {
        try {
            sink.accept(batch);
        } catch (RuntimeException e) {
            log.error("{}: {} row(s) could not be written ({})", name, batch.size(), e.getClass().getSimpleName(), e);
        }
    }
}
