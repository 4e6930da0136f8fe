package dev.symbia.integrations.stream;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches a caller's connection on Tomcat without writing to it. Once the request body is read,
 * the request goes async (the same thread keeps answering it; {@link #close()} completes it) with
 * a no-op non-blocking {@link ReadListener}. Tomcat then answers {@link ServletInputStream#available()}
 * with a non-blocking read of the socket and reports the client's EOF (or a reset) as readable data;
 * stray bytes would be buffered by that read and not reported again, hence two probes in a row.
 * Nothing else can legitimately arrive: HTTP/1.1 clients do not pipeline after a POST (RFC 9112
 * §9.3.2) — one that does anyway loses its pipelined request. A client that only half-closes its
 * side counts as gone (HTTP clients do not). Where the container refuses any of this the connection
 * is {@link CallerConnection#UNWATCHED}.
 */
final class ProbedConnection implements CallerConnection {

    private static final Logger log = LoggerFactory.getLogger(ProbedConnection.class);
    private static final ReadListener IGNORE = new ReadListener() {
        @Override
        public void onDataAvailable() {
            // probed by gone(), never read
        }

        @Override
        public void onAllDataRead() {
            // the body was read before watching began
        }

        @Override
        public void onError(Throwable error) {
            // surfaces through gone() as an IOException
        }
    };

    private final AsyncContext async;
    private final ServletInputStream in;
    private boolean gone;

    private ProbedConnection(AsyncContext async, ServletInputStream in) {
        this.async = async;
        this.in = in;
    }

    /** Starts watching {@code request}, whose body must have been read already. */
    static CallerConnection watch(HttpServletRequest request) {
        if (!request.isAsyncSupported() || request.isAsyncStarted()) {
            return UNWATCHED;
        }
        ServletInputStream in;
        try {
            in = unwrap(request).getInputStream();
            if (!in.isFinished()) {
                return UNWATCHED; // unread body left: available() would report it, not the client's state
            }
        } catch (IOException | IllegalStateException e) {
            return UNWATCHED;
        }
        AsyncContext async;
        try {
            async = request.startAsync();
        } catch (IllegalStateException e) {
            return UNWATCHED;
        }
        try {
            async.setTimeout(0); // the provider call's own timeouts bound the request
            in.setReadListener(IGNORE);
            return new ProbedConnection(async, in);
        } catch (RuntimeException e) {
            log.debug("Cannot watch the caller's connection; relying on timeouts", e);
            async.complete();
            return UNWATCHED;
        }
    }

    @Override
    public boolean watched() {
        return true;
    }

    @Override
    public boolean gone() {
        if (gone) {
            return true;
        }
        try {
            gone = in.available() > 0 && in.available() > 0;
        } catch (IOException e) {
            gone = true;
        } catch (IllegalStateException e) {
            return false;
        }
        return gone;
    }

    // Called on the request's thread before it returns, so the container completes the response
    // only after the handler's answer has been written (AsyncContext.complete() contract).
    @Override
    public void close() {
        try {
            async.complete();
        } catch (IllegalStateException e) {
            log.debug("Async context already ended", e);
        }
    }

    private static ServletRequest unwrap(ServletRequest request) {
        ServletRequest raw = request;
        while (raw instanceof ServletRequestWrapper wrapper) {
            raw = wrapper.getRequest();
        }
        return raw;
    }
}
