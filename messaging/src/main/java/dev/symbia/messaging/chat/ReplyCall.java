package dev.symbia.messaging.chat;

import dev.symbia.web.sse.StreamPipe;
import java.time.Duration;
import okhttp3.Call;

/**
 * One running reply: frames arrive on libs/web's bounded {@link StreamPipe}, filled by a reader thread, so the
 * request thread can wait for the next frame and still write heartbeats on time. When the caller falls
 * {@value #CAPACITY} frames behind, {@link #offer} waits (the read from integrations slows: TCP back-pressure),
 * and {@link #tryOffer} refuses, for producers that must not wait. The last frame (done, failed, cancelled)
 * always has room: it is never lost to a full queue. Cancelling closes the connection to integrations,
 * which cancels the provider call in turn.
 */
final class ReplyCall {

    static final int CAPACITY = 256;

    private final StreamPipe<UpstreamFrame> frames;
    private volatile Call call;
    private volatile boolean cancelled;

    ReplyCall() {
        this(CAPACITY);
    }

    ReplyCall(int capacity) {
        this.frames = new StreamPipe<>(capacity, frame -> !(frame instanceof UpstreamFrame.Delta));
    }

    void attach(Call call) {
        this.call = call;
        if (cancelled) {
            call.cancel();
        }
    }

    /** Queues a frame, waiting while the writer is behind; false once the reply ended or the caller left. */
    boolean offer(UpstreamFrame frame) {
        return frames.emit(frame);
    }

    /** Queues a frame unless the queue is full (false: keep it and send it later); the last frame always fits. */
    boolean tryOffer(UpstreamFrame frame) {
        return frames.tryEmit(frame);
    }

    /** The next frame, or null when none arrived within {@code wait} (zero: only one already queued). */
    UpstreamFrame next(Duration wait) throws InterruptedException {
        return frames.poll(wait);
    }

    /** Stops generation: the waiting writer gets {@code Cancelled} and the upstream connection is closed. */
    void cancel(String reason) {
        cancelled = true;
        frames.emit(new UpstreamFrame.Cancelled(reason)); // refused when another last frame came first
        closeUpstream();
    }

    /** The caller left: drops what is queued, releases a waiting reader and closes the upstream connection. */
    void abort() {
        cancelled = true;
        frames.cancel();
        closeUpstream();
    }

    boolean cancelled() {
        return cancelled;
    }

    private void closeUpstream() {
        Call current = call;
        if (current != null) {
            current.cancel();
        }
    }
}
