package dev.symbia.logging.ingest;

import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * The bounded number of ingest requests in flight. Virtual threads make request concurrency
 * unbounded, so this is what keeps memory and database load bounded: a request that cannot get a
 * slot within the configured wait is rejected with 429, never queued.
 */
@Component
public class IngestGate {

    private final Semaphore slots;
    private final long waitNanos;

    IngestGate(IngestProperties properties) {
        this.slots = new Semaphore(properties.maxConcurrentRequests());
        this.waitNanos = properties.acquireTimeout().toNanos();
    }

    /** A slot, or empty when the gate stayed full for the configured wait. Close the slot when done. */
    public Optional<Slot> tryEnter() {
        try {
            if (slots.tryAcquire(waitNanos, TimeUnit.NANOSECONDS)) {
                return Optional.of(new Slot(slots));
            }
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    public int available() {
        return slots.availablePermits();
    }

    /** One held slot; closing it twice releases once. */
    public static final class Slot implements AutoCloseable {
        private final Semaphore slots;
        private boolean released;

        private Slot(Semaphore slots) {
            this.slots = slots;
        }

        @Override
        public synchronized void close() {
            if (!released) {
                released = true;
                slots.release();
            }
        }
    }
}
