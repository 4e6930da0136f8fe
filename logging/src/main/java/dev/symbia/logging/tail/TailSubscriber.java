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
 * One live tail: a bounded buffer filled by the ingest path and a sender (its own virtual thread)
 * emptying it onto the client. Ingest only ever offers to the buffer; when it is full the client is
 * too slow and is dropped, so a slow client never slows ingest or other clients.
 */
final class TailSubscriber {

    private static final Logger log = LoggerFactory.getLogger(TailSubscriber.class);
    static final int MAX_BATCH = 500;

    final String id;
    private final TailFilter filter;
    private final TailSink sink;
    private final ArrayBlockingQueue<LogEntry> buffer;
    private final Duration heartbeat;
    private final Consumer<TailSubscriber> onClose;
    private volatile boolean closed;
    private final java.util.concurrent.atomic.AtomicBoolean closing = new java.util.concurrent.atomic.AtomicBoolean();

    TailSubscriber(String id, TailFilter filter, TailSink sink, int bufferSize, Duration heartbeat,
            Consumer<TailSubscriber> onClose) {
        this.id = id;
        this.filter = filter;
        this.sink = sink;
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

    /** The sender loop; returns when the client is gone or the tail is closed. */
    void run(Object connected) {
        try {
            sink.event("connected", connected);
            List<LogEntry> batch = new ArrayList<>();
            while (!closed) {
                LogEntry first = buffer.poll(heartbeat.toMillis(), TimeUnit.MILLISECONDS);
                if (closed) {
                    break;
                }
                if (first == null) {
                    sink.comment("heartbeat");
                    continue;
                }
                batch.clear();
                batch.add(first);
                buffer.drainTo(batch, MAX_BATCH - 1);
                sink.event("logs", List.copyOf(batch));
            }
        } catch (IOException | IllegalStateException e) {
            // The client went away (or the response was completed): nothing to report to anyone.
            log.debug("Live tail {} ended: {}", id, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            close();
        }
    }

    boolean isClosed() {
        return closed;
    }

    /** Idempotent; called from the ingest path (overflow), the sender (client gone) or the container. */
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
