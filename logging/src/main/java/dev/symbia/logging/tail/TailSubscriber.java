package dev.symbia.logging.tail;

import dev.symbia.logging.logs.LogEntry;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One live tail: a bounded buffer filled by the ingest path and a sender (the request's own virtual thread)
 * emptying it onto the client. Ingest only ever offers to the buffer; when it is full the client is
 * too slow and is dropped, so a slow client never slows ingest or other clients.
 */
final class TailSubscriber {

    private static final Logger log = LoggerFactory.getLogger(TailSubscriber.class);
    static final int MAX_BATCH = 500;
    /** How soon a tail closed from elsewhere (overflow, shutdown) lets its request go. */
    private static final long CHECK_MILLIS = 500;

    final String id;
    private final TailFilter filter;
    private volatile TailSink sink = NO_SINK;
    private final ArrayBlockingQueue<LogEntry> buffer;
    private final Duration heartbeat;
    private final Consumer<TailSubscriber> onClose;
    private volatile boolean closed;
    private final java.util.concurrent.atomic.AtomicBoolean closing = new java.util.concurrent.atomic.AtomicBoolean();

    TailSubscriber(String id, TailFilter filter, int bufferSize, Duration heartbeat, Consumer<TailSubscriber> onClose) {
        this.id = id;
        this.filter = filter;
        this.buffer = new ArrayBlockingQueue<>(bufferSize);
        this.heartbeat = heartbeat;
        this.onClose = onClose;
    }

    /** Whether this tail may see entries of {@code org}. */
    boolean reads(java.util.UUID org) {
        return !closed && filter.orgs().contains(org);
    }

    /** Called on the ingest path: never blocks. */
    void offer(List<LogEntry> entries) {
        if (closed) {
            return;
        }
        for (LogEntry entry : entries) {
            if (filter.matches(entry) && !buffer.offer(entry)) {
                log.info("Dropping live tail {}: it fell {} entries behind", id, buffer.size());
                close();
                return;
            }
        }
    }

    /**
     * The sender loop, on the calling thread; returns when the client is gone, the tail is closed or
     * {@code deadline} (nanoTime) passed. Waits in short steps so a close from elsewhere ends it soon.
     */
    void run(Object connected, TailSink sink, long deadline) {
        this.sink = sink;
        try {
            if (closed) {
                return;
            }
            sink.event("connected", connected);
            List<LogEntry> batch = new ArrayList<>();
            long heartbeatNanos = heartbeat.toNanos();
            long lastWrite = System.nanoTime();
            while (!closed && System.nanoTime() - deadline < 0) {
                LogEntry first = buffer.poll(Math.min(heartbeat.toMillis(), CHECK_MILLIS), TimeUnit.MILLISECONDS);
                if (closed) {
                    break;
                }
                long now = System.nanoTime();
                if (first == null) {
                    if (now - lastWrite >= heartbeatNanos) {
                        sink.comment("heartbeat");
                        lastWrite = now;
                    }
                    continue;
                }
                batch.clear();
                batch.add(first);
                buffer.drainTo(batch, MAX_BATCH - 1);
                sink.event("logs", List.copyOf(batch));
                lastWrite = now;
            }
        } catch (IOException | IllegalStateException e) {
            // The client went away: nothing to report to anyone.
            log.debug("Live tail {} ended: {}", id, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            close();
        }
    }

    /** Takes everything and sends nothing: before {@link #run}, and for tests. */
    static final TailSink NO_SINK = new TailSink() {
        @Override
        public void event(String name, Object data) {
        }

        @Override
        public void comment(String text) {
        }

        @Override
        public void close() {
        }
    };

    boolean isClosed() {
        return closed;
    }

    /** Idempotent; called from the ingest path (overflow), the sender (client gone, deadline) or on shutdown. */
    void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        closed = true;
        buffer.clear();
        try {
            sink.close();
        } finally {
            onClose.accept(this);
        }
    }
}
