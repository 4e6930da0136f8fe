package dev.symbia.web.sse;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;

/**
 * One {@code text/event-stream} response: the headers every stream carries, and its frames. Writes are
 * buffered until {@link #flush()}, so a writer that has several frames at hand sends them in one go
 * ({@link SseWriter} decides when). A failed write or flush ({@link IOException}) means the caller left.
 */
public final class SseStream {

    private static final byte[] DATA = "data: ".getBytes(StandardCharsets.UTF_8);
    private static final byte[] END = "\n\n".getBytes(StandardCharsets.UTF_8);
    private static final byte[] PING = ": ping\n\n".getBytes(StandardCharsets.UTF_8);
    private static final byte[] PROBE = ":\n\n".getBytes(StandardCharsets.UTF_8);

    private final HttpServletResponse response;
    private final OutputStream out;
    private boolean unflushed; // bytes written since the last flush (one writing thread: SseWriter's contract)

    private SseStream(HttpServletResponse response, OutputStream out) {
        this.response = response;
        this.out = out;
    }

    /**
     * Starts the stream: 200, {@code text/event-stream; charset=UTF-8}, {@code Cache-Control: no-cache},
     * {@code X-Accel-Buffering: no} (nginx-style proxies must not buffer it) and {@code headers}. Nothing is
     * sent yet; {@link #commit()} sends the headers before the first frame when the caller needs them early.
     */
    public static SseStream open(HttpServletResponse response, Map<String, String> headers) throws IOException {
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(MediaType.TEXT_EVENT_STREAM_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
        response.setHeader("X-Accel-Buffering", "no");
        headers.forEach(response::setHeader);
        return new SseStream(response, response.getOutputStream());
    }

    /** {@code data: <payload>\n\n}; the payload is one line (JSON). */
    public void data(String payload) throws IOException {
        unflushed = true;
        out.write(DATA);
        out.write(payload.getBytes(StandardCharsets.UTF_8));
        out.write(END);
    }

    /** A complete frame, as given (a dialect that renders its own frames). */
    public void frame(String frame) throws IOException {
        unflushed = true;
        out.write(frame.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A named event, {@code id:<id>\nevent:<name>\ndata:<payload>\n\n} (no {@code id:} line when {@code id} is
     * null): the field layout of Spring's {@code SseEmitter}, which the named-event streams were first written
     * with, so their clients see the same bytes. The payload is one line (JSON).
     */
    public void event(@Nullable String id, String name, String payload) throws IOException {
        frame(eventFrame(id, name, payload));
    }

    /** A comment frame, {@code :<text>\n\n} (a leading space in {@code text} is kept: {@code ": heartbeat"}). */
    public void comment(String text) throws IOException {
        frame(commentFrame(text));
    }

    /** A complete frame's bytes, for a hot path that renders them itself (once per token). */
    public void frame(byte[] frame) throws IOException {
        unflushed = true;
        out.write(frame);
    }

    /**
     * A complete frame written in three parts, so a hot path (once per token) that renders a fixed head and tail
     * around an escaped body never joins them into one array first.
     */
    public void frame(byte[] head, byte[] body, byte[] tail) throws IOException {
        unflushed = true;
        out.write(head);
        out.write(body);
        out.write(tail);
    }

    /** The keep-alive comment {@code : ping}. */
    public void ping() throws IOException {
        unflushed = true;
        out.write(PING);
    }

    /** An empty comment: says nothing, but a closed connection makes its write fail. */
    public void probe() throws IOException {
        unflushed = true;
        out.write(PROBE);
    }

    public void flush() throws IOException {
        unflushed = false;
        out.flush();
    }

    /** Whether frames were written since the last {@link #flush()}. */
    public boolean unflushed() {
        return unflushed;
    }

    /** Sends the status and headers now, before any frame. */
    public void commit() throws IOException {
        response.flushBuffer();
    }

    /** {@link #event} as a string, for a frame rendered on one thread and written on another. */
    public static String eventFrame(@Nullable String id, String name, String payload) {
        StringBuilder frame = new StringBuilder(payload.length() + name.length() + 32);
        if (id != null) {
            frame.append("id:").append(id).append('\n');
        }
        return frame.append("event:").append(name).append("\ndata:").append(payload).append("\n\n").toString();
    }

    /** {@link #comment} as a string. */
    public static String commentFrame(String text) {
        return ":" + text + "\n\n";
    }

    /** {@code data: <payload>\n\n} as a string, for dialects that render whole frames. */
    public static String dataFrame(String payload) {
        return "data: " + payload + "\n\n";
    }
}
