package dev.symbia.messaging.chat;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;

/**
 * One running call to integrations: frames arrive on a queue filled by a reader thread, so the request
 * thread can wait for the next frame and still write heartbeats on time. Cancelling closes the connection
 * to integrations, which cancels the provider call in turn.
 */
final class ReplyCall {

    private final BlockingQueue<UpstreamFrame> frames = new LinkedBlockingQueue<>();
    private volatile Call call;
    private volatile boolean cancelled;

    void attach(Call call) {
        this.call = call;
        if (cancelled) {
            call.cancel();
        }
    }

    void offer(UpstreamFrame frame) {
        frames.add(frame);
    }

    /** The next frame, or null when none arrived within {@code wait}. */
    UpstreamFrame next(Duration wait) throws InterruptedException {
        return frames.poll(wait.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Stops generation: the waiting writer gets {@code Cancelled} and the upstream connection is closed. */
    void cancel(String reason) {
        if (!cancelled) {
            cancelled = true;
            frames.add(new UpstreamFrame.Cancelled(reason));
        }
        abort();
    }

    /** Closes the upstream connection without telling the writer (it already knows: the caller left). */
    void abort() {
        cancelled = true;
        Call current = call;
        if (current != null) {
            current.cancel();
        }
    }

    boolean cancelled() {
        return cancelled;
    }
}
