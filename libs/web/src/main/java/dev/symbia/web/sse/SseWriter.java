package dev.symbia.web.sse;

import java.io.IOException;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a stream of events to an {@link SseStream} on the request's own (virtual) thread until the last one.
 *
 * <ul>
 *   <li><b>Flush policy.</b> An event is flushed as soon as it is written — the first token is never held
 *   back — except that events already waiting behind it (the upstream is faster than the caller's socket)
 *   are written first and flushed together, up to {@code maxBatch}: fewer syscalls and TCP segments per
 *   reply under load, the same bytes.</li>
 *   <li><b>Heartbeat.</b> {@code : ping} (or the given comment) after {@code heartbeat} without an event or ping.</li>
 *   <li><b>Caller gone.</b> A failed write ends the stream. While the source is silent the caller is also
 *   checked every {@code check}: with {@code callerGone} when the container can tell without writing, else
 *   (when {@code probeByWriting}) by an empty comment whose write fails once the caller closed.</li>
 * </ul>
 */
public final class SseWriter {

    /** How a stream ended. */
    public enum Outcome {
        /** The handler wrote the last event. */
        ENDED,
        /** The caller closed its connection (a write failed, or {@code callerGone} said so). */
        CALLER_LEFT,
        /** The thread was interrupted (shutdown); its interrupt flag is set again. */
        INTERRUPTED
    }

    /** Where events come from: the next one, or null when none arrived within {@code wait} (zero: none queued). */
    @FunctionalInterface
    public interface Source<T> {
        T next(Duration wait) throws InterruptedException;
    }

    /** Writes one event's frames (unflushed); true when it was the last event of the stream. */
    @FunctionalInterface
    public interface Handler<T> {
        boolean write(T event, SseStream out) throws IOException;

        /**
         * Runs after the frames written since the last call went out (flushed), before the next event is awaited:
         * work that must follow an event but need not precede its bytes (publishing it elsewhere, bookkeeping)
         * belongs here, so it never delays the frame, least of all the first one (TTFT). Not called after the last
         * event nor when the caller left.
         */
        default void sent() {
        }
    }

    private static final Logger log = LoggerFactory.getLogger(SseWriter.class);
    private static final long MIN_WAIT_NANOS = 1_000_000L;

    private final long heartbeatNanos;
    private final long checkNanos;
    private final boolean probeByWriting;
    private final int maxBatch;
    private final String pingComment;

    /**
     * @param heartbeat      silence before a {@code : ping}
     * @param check          how often a silent stream checks that its caller is still there
     * @param probeByWriting check by writing an empty comment when no {@code callerGone} is given
     * @param maxBatch       most events written between two flushes
     */
    public SseWriter(Duration heartbeat, Duration check, boolean probeByWriting, int maxBatch) {
        this(heartbeat, check, probeByWriting, maxBatch, " ping");
    }

    /**
     * As above, with the heartbeat comment's text: {@code :<pingComment>} (a stream whose clients have always seen
     * {@code :ping}, not {@code : ping}, keeps its bytes).
     */
    public SseWriter(Duration heartbeat, Duration check, boolean probeByWriting, int maxBatch, String pingComment) {
        if (heartbeat.isZero() || heartbeat.isNegative() || check.isZero() || check.isNegative() || maxBatch < 1) {
            throw new IllegalArgumentException("heartbeat and check must be positive, maxBatch at least 1");
        }
        this.heartbeatNanos = heartbeat.toNanos();
        this.checkNanos = check.toNanos();
        this.probeByWriting = probeByWriting;
        this.maxBatch = maxBatch;
        this.pingComment = pingComment;
    }

    /**
     * Pumps {@code source} into {@code out} until the handler writes the last event or the caller leaves.
     *
     * @param callerGone tells without writing whether the caller left; null when nobody can tell
     */
    public <T> Outcome write(SseStream out, Source<T> source, Handler<T> handler, BooleanSupplier callerGone) {
        boolean checks = callerGone != null || probeByWriting;
        try {
            long lastWrite = System.nanoTime();
            long lastBeat = lastWrite; // last event or ping
            while (true) {
                long untilPing = Math.max(heartbeatNanos - (System.nanoTime() - lastBeat), MIN_WAIT_NANOS);
                T event = source.next(Duration.ofNanos(checks ? Math.min(untilPing, checkNanos) : untilPing));
                long now = System.nanoTime();
                if (event == null) {
                    if (callerGone != null && callerGone.getAsBoolean()) {
                        log.debug("Caller left while the stream was silent");
                        return Outcome.CALLER_LEFT;
                    }
                    if (now - lastBeat >= heartbeatNanos) {
                        out.comment(pingComment);
                        out.flush();
                        lastBeat = lastWrite = now;
                    } else if (callerGone == null && probeByWriting && now - lastWrite >= checkNanos) {
                        out.probe();
                        out.flush();
                        lastWrite = now;
                    }
                    continue;
                }
                boolean last = handler.write(event, out);
                for (int written = 1; !last && written < maxBatch; written++) {
                    T queued = source.next(Duration.ZERO);
                    if (queued == null) {
                        break;
                    }
                    last = handler.write(queued, out);
                }
                if (out.unflushed()) { // an event may render no frame; an empty flush is a wasted syscall
                    out.flush();
                }
                if (last) {
                    return Outcome.ENDED;
                }
                lastBeat = lastWrite = System.nanoTime();
                handler.sent();
            }
        } catch (IOException e) {
            log.debug("Caller left mid-stream: {}", e.toString());
            return Outcome.CALLER_LEFT;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.INTERRUPTED;
        }
    }
}
