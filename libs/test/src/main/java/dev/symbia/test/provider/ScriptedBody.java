package dev.symbia.test.provider;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponseBody;
import okio.BufferedSink;

/**
 * A response body written step by step in HTTP/1.1 chunked encoding (as providers stream), flushing
 * after every write, with pauses in between: lets a fake provider trickle SSE frames, split one frame
 * across TCP writes, stall before the first byte, go silent mid-reply, or {@link #cut()} the
 * connection mid-answer. {@link #clientGone()} completes when a write fails because the client (our
 * gateway) closed the connection. Shared by the services' tests and the e2e suite.
 */
public final class ScriptedBody implements MockResponseBody {

    private final List<Object> steps = new ArrayList<>();
    private final CompletableFuture<Long> clientGone = new CompletableFuture<>();
    private volatile boolean finished;
    private boolean cut;

    public ScriptedBody write(String text) {
        steps.add(text);
        return this;
    }

    public ScriptedBody pause(long millis) {
        steps.add(millis);
        return this;
    }

    /**
     * Holds the rest of the body until {@code latch} opens (at most 30 s): lets a test prove a client saw
     * frame k before the fake even produced frame k+1.
     */
    public ScriptedBody gate(CountDownLatch latch) {
        steps.add(latch);
        return this;
    }

    /** Ends by dropping the connection mid-body instead of finishing the chunked stream. */
    public ScriptedBody cut() {
        cut = true;
        return this;
    }

    /** Completes (with the nanoTime) when the gateway closed the connection while we were writing. */
    public CompletableFuture<Long> clientGone() {
        return clientGone;
    }

    public boolean isCut() {
        return cut;
    }

    public boolean finished() {
        return finished;
    }

    @Override
    public long getContentLength() {
        return -1; // chunked, like a real stream
    }

    @Override
    public void writeTo(BufferedSink sink) throws IOException {
        try {
            for (Object step : steps) {
                if (step instanceof String text) {
                    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
                    sink.writeUtf8(Integer.toHexString(bytes.length)).writeUtf8("\r\n").write(bytes).writeUtf8("\r\n");
                    sink.flush();
                } else if (step instanceof CountDownLatch latch) {
                    if (!latch.await(30, TimeUnit.SECONDS)) {
                        throw new IOException("gate not opened within 30 s");
                    }
                } else {
                    Thread.sleep((Long) step);
                }
            }
            if (cut) {
                return; // no terminating chunk; FakeProvider closes the socket after the body
            }
            sink.writeUtf8("0\r\n"); // MockWebServer appends the (empty) trailers and the final CRLF
            sink.flush();
            finished = true;
        } catch (IOException e) {
            clientGone.complete(System.nanoTime());
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
