package dev.symbia.integrations.stream;

import java.time.Duration;

/** A running chat as seen by whoever writes it to the caller. */
public interface ChatEvents extends AutoCloseable {

    /** The next event, or null when none arrived within {@code wait} (time for a keep-alive). */
    StreamEvent next(Duration wait) throws InterruptedException;

    /** The caller is gone: stop the provider call and account the call as cancelled. */
    void cancel();

    /**
     * The writer is done: after the terminal event went out this accounts the call (kept off the
     * path of the final frame); before it, it is a {@link #cancel()}.
     */
    @Override
    void close();
}
