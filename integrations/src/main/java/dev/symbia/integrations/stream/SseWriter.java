package dev.symbia.integrations.stream;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/**
 * Writes a chat to the caller as {@code text/event-stream} on the request's own (virtual) thread:
 * each event is flushed as it arrives — nothing is buffered — and a {@code : ping} comment goes out
 * whenever the provider is silent for a heartbeat. A failed write means the caller left: the
 * provider call is cancelled at once. While the provider is silent the caller's connection is also
 * probed every {@code callerCheck} (a write would only fail on the second attempt after the client
 * closed, i.e. up to two heartbeats later).
 */
public final class SseWriter {

    private static final Logger log = LoggerFactory.getLogger(SseWriter.class);
    private static final byte[] PING = ": ping\n\n".getBytes(StandardCharsets.UTF_8);

    private final long heartbeatNanos;
    private final long callerCheckNanos;

    public SseWriter(Duration heartbeat, Duration callerCheck) {
        this.heartbeatNanos = heartbeat.toNanos();
        this.callerCheckNanos = callerCheck.toNanos();
    }

    public void write(ChatEvents events, SseFormat format, HttpServletResponse response, Map<String, String> headers,
            CallerConnection caller) {
        boolean ended = false;
        try {
            response.setStatus(HttpServletResponse.SC_OK);
            response.setContentType(MediaType.TEXT_EVENT_STREAM_VALUE);
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            response.setHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
            response.setHeader("X-Accel-Buffering", "no"); // tell nginx-style proxies not to buffer
            headers.forEach(response::setHeader);
            OutputStream out = response.getOutputStream();
            send(out, format.opening());
            long lastWrite = System.nanoTime();
            while (!ended) {
                long untilPing = Math.max(heartbeatNanos - (System.nanoTime() - lastWrite), 1_000_000L);
                long wait = caller.watched() ? Math.min(untilPing, callerCheckNanos) : untilPing;
                StreamEvent event = events.next(Duration.ofNanos(wait));
                if (event == null) {
                    if (caller.gone()) {
                        log.debug("Caller left while the provider was silent; cancelling the provider call");
                        return;
                    }
                    if (System.nanoTime() - lastWrite >= heartbeatNanos) {
                        out.write(PING);
                        out.flush();
                        lastWrite = System.nanoTime();
                    }
                    continue;
                }
                ended = event.terminal();
                send(out, format.frames(event));
                lastWrite = System.nanoTime();
            }
        } catch (IOException e) {
            log.debug("Caller left mid-stream; cancelling the provider call");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.error("Stream writer failed", e);
        } finally {
            events.close();
        }
    }

    private static void send(OutputStream out, List<String> frames) throws IOException {
        if (frames.isEmpty()) {
            return;
        }
        for (String frame : frames) {
            out.write(frame.getBytes(StandardCharsets.UTF_8));
        }
        out.flush();
    }
}
