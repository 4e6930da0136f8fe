package dev.symbia.test.provider;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import mockwebserver3.SocketHandler;
import okio.BufferedSink;
import okio.BufferedSource;
import okio.Okio;
import okio.Socket;

/**
 * A provider that is slow to answer: it sends its 200 {@code text/event-stream} headers and the
 * given SSE frames (none: a slow first token), then holds the connection silent and watches it.
 * {@link #clientGone()} completes when the gateway closed the connection — seen at once, by reading,
 * unlike {@link ScriptedBody} which only notices on its next write.
 */
public final class HeldStream implements SocketHandler {

    private static final long HOLD_SECONDS = 10;

    private final List<String> frames;
    private final CompletableFuture<Long> held = new CompletableFuture<>();
    private final CompletableFuture<Long> clientGone = new CompletableFuture<>();

    public HeldStream(String... frames) {
        this.frames = List.of(frames);
    }

    /** Completes (with the nanoTime) once the headers and frames were sent and the silence began. */
    public CompletableFuture<Long> held() {
        return held;
    }

    /** Completes (with the nanoTime) when the gateway closed the connection (or after the hold ran out). */
    public CompletableFuture<Long> clientGone() {
        return clientGone;
    }

    @Override
    public void handle(Socket socket) {
        try {
            BufferedSink sink = Okio.buffer(socket.getSink());
            for (String frame : frames) {
                byte[] bytes = frame.getBytes(StandardCharsets.UTF_8);
                sink.writeUtf8(Integer.toHexString(bytes.length)).writeUtf8("\r\n").write(bytes).writeUtf8("\r\n");
            }
            sink.flush();
            BufferedSource source = Okio.buffer(socket.getSource());
            source.timeout().timeout(HOLD_SECONDS, TimeUnit.SECONDS);
            held.complete(System.nanoTime());
            while (!source.exhausted()) { // blocks until the client sends something or closes
                source.skip(source.getBuffer().size());
            }
        } catch (IOException e) {
            // reset by the client, or the hold ran out
        } finally {
            held.complete(System.nanoTime());
            clientGone.complete(System.nanoTime());
        }
    }
}
