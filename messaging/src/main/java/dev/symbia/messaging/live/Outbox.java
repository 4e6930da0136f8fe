package dev.symbia.messaging.live;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection's outgoing side: a bounded queue filled by whoever produces frames (the hub, the
 * socket's own replies) and one virtual thread writing them to the client, so a slow client never slows
 * a producer down. A client that falls behind by more than the queue holds is ended ({@link Ending#TOO_SLOW})
 * rather than buffered without bound; an idle one gets heartbeats, which is also how a vanished one is found.
 */
final class Outbox<T> {

    private static final Logger log = LoggerFactory.getLogger(Outbox.class);

    enum Ending { CLIENT_GONE, TOO_SLOW, SHUTDOWN }

    /** The transport. Every method runs on the outbox's thread, one at a time. */
    interface Sink<T> {

        /** First thing on the thread (SSE: the replay). */
        default void open() throws IOException {
        }

        void send(T item) throws IOException;

        void heartbeat() throws IOException;

        /** Once, last: close the transport as the ending says (the client may already be gone). */
        void end(Ending ending);
    }

    private record Entry(Object item, int bytes) {
    }

    private static final Entry WAKE = new Entry(null, 0);

    private final String name;
    private final Sink<T> sink;
    private final ArrayBlockingQueue<Entry> queue;
    private final int capacity;
    private final long maxBytes;
    private final AtomicLong queuedBytes = new AtomicLong();
    private final Duration heartbeat;
    private final Consumer<Outbox<T>> onEnd;
    private final AtomicReference<Ending> ending = new AtomicReference<>();

    Outbox(String name, Sink<T> sink, int capacity, long maxBytes, Duration heartbeat, Consumer<Outbox<T>> onEnd) {
        this.name = name;
        this.sink = sink;
        this.capacity = capacity;
        // One slot more than the limit, for the wake-up marker.
        this.queue = new ArrayBlockingQueue<>(capacity + 1);
        this.maxBytes = maxBytes;
        this.heartbeat = heartbeat;
        this.onEnd = onEnd;
    }

    /** Writes on the outbox's own virtual thread (a WebSocket's). */
    void start() {
        Thread.ofVirtual().name(name).start(() -> run(false, 0));
    }

    /** Writes on the calling thread (an SSE request's own) until the outbox ends or {@code limit} passed. */
    void runHere(Duration limit) {
        run(true, System.nanoTime() + limit.toNanos());
    }

    /** Queues an item; false when the outbox has ended (or just ended because the client is too slow). */
    boolean offer(T item, int bytes) {
        if (ending.get() != null) {
            return false;
        }
        if (queuedBytes.addAndGet(bytes) > maxBytes || queue.size() >= capacity || !queue.offer(new Entry(item, bytes))) {
            end(Ending.TOO_SLOW);
            return false;
        }
        return true;
    }

    /** Ends the outbox; the first reason given wins. Never blocks. */
    void end(Ending reason) {
        if (ending.compareAndSet(null, reason)) {
            queue.clear();
            queue.offer(WAKE);
        }
    }

    boolean isOpen() {
        return ending.get() == null;
    }

    Ending ending() {
        return ending.get();
    }

    @SuppressWarnings("unchecked")
    private void run(boolean limited, long deadline) {
        try {
            sink.open();
            while (ending.get() == null) {
                long wait = heartbeat.toNanos();
                if (limited) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        end(Ending.CLIENT_GONE); // its time is up; the client reconnects
                        break;
                    }
                    wait = Math.min(wait, left);
                }
                Entry entry = queue.poll(wait, TimeUnit.NANOSECONDS);
                if (ending.get() != null) {
                    break;
                }
                if (entry == null) {
                    if (!limited || deadline - System.nanoTime() > 0) {
                        sink.heartbeat();
                    }
                } else if (entry != WAKE) {
                    queuedBytes.addAndGet(-entry.bytes());
                    sink.send((T) entry.item());
                }
            }
        } catch (IOException | RuntimeException e) {
            // The client went away (or its response was completed under us).
            log.debug("Outbox {} ended: {}", name, e.toString());
            ending.compareAndSet(null, Ending.CLIENT_GONE);
        } catch (InterruptedException e) {
            ending.compareAndSet(null, Ending.SHUTDOWN);
        } finally {
            queue.clear();
            try {
                sink.end(ending.get());
            } catch (RuntimeException e) {
                log.debug("Ending outbox {} failed: {}", name, e.toString());
            }
            onEnd.accept(this);
        }
    }
}
