package dev.symbia.integrations.stream;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Tells whether the caller is still connected while nothing is being written to it, so a caller
 * that leaves before the provider's first event, or during a non-streamed call, cancels the provider
 * call within a second instead of when a timeout fires (SPEC §4).
 *
 * <p>Why a probe: a servlet container notices a closed client only when a write fails, and before
 * the provider's first event nothing may be written — the status is not decided yet (a failure there
 * is still a problem+json answer, after failover), and a JSON answer has nothing to write until the
 * end. Where the container offers no way to probe (see {@link #watch}), the connection is
 * {@link #UNWATCHED} and the call is bounded by its timeouts. Used by the request's own thread only.
 */
public interface CallerConnection extends AutoCloseable {

    /** A connection nobody watches: never reported gone. */
    CallerConnection UNWATCHED = new CallerConnection() {
        @Override
        public boolean watched() {
            return false;
        }

        @Override
        public boolean gone() {
            return false;
        }

        @Override
        public void close() {
            // nothing was started
        }
    };

    /**
     * Starts watching the connection of {@code request}, whose body must have been read already;
     * {@link #close()} before the handler returns.
     */
    static CallerConnection watch(HttpServletRequest request) {
        return ProbedConnection.watch(request);
    }

    /** False when nobody can tell: {@link #gone()} then stays false. */
    boolean watched();

    /** True once the caller closed (or reset) its connection; cheap enough to ask every few hundred ms. */
    boolean gone();

    @Override
    void close();
}
