package dev.symbia.web.sse;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletResponse;

class SseWriterTests {

    private static final Duration LONG = Duration.ofSeconds(30);

    /** A response whose body records what each flush sent, and can fail like a closed connection. */
    private static final class Wire extends HttpServletResponseWrapper {

        final List<String> flushes = new ArrayList<>();
        final ByteArrayOutputStream pending = new ByteArrayOutputStream();
        final AtomicBoolean closed = new AtomicBoolean();

        Wire() {
            super(new MockHttpServletResponse());
        }

        MockHttpServletResponse mock() {
            return (MockHttpServletResponse) getResponse();
        }

        String sent() {
            return String.join("", flushes);
        }

        @Override
        public ServletOutputStream getOutputStream() {
            return new ServletOutputStream() {
                @Override
                public void write(int b) throws IOException {
                    if (closed.get()) {
                        throw new IOException("Broken pipe");
                    }
                    pending.write(b);
                }

                @Override
                public void flush() throws IOException {
                    if (closed.get()) {
                        throw new IOException("Broken pipe");
                    }
                    flushes.add(pending.toString(StandardCharsets.UTF_8));
                    pending.reset();
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setWriteListener(WriteListener listener) {
                    throw new UnsupportedOperationException();
                }
            };
        }
    }

    private static SseWriter.Handler<String> dataFrames() {
        return (event, out) -> {
            out.data("{\"v\":\"" + event + "\"}");
            return event.equals("end");
        };
    }

    @Test
    void setsTheEventStreamHeadersAndWritesDataFrames() throws Exception {
        Wire wire = new Wire();
        SseStream out = SseStream.open(wire, Map.of("X-Message-Id", "m-1"));
        StreamPipe<String> pipe = new StreamPipe<>(8, "end"::equals);
        pipe.emit("é");
        pipe.emit("end");

        SseWriter.Outcome outcome = new SseWriter(LONG, LONG, false, 64).write(out, pipe::poll, dataFrames(), null);

        assertThat(outcome).isEqualTo(SseWriter.Outcome.ENDED);
        assertThat(wire.mock().getContentType()).isEqualTo("text/event-stream;charset=UTF-8");
        assertThat(wire.mock().getHeader("Cache-Control")).isEqualTo("no-cache");
        assertThat(wire.mock().getHeader("X-Accel-Buffering")).isEqualTo("no");
        assertThat(wire.mock().getHeader("X-Message-Id")).isEqualTo("m-1");
        assertThat(wire.sent()).isEqualTo("data: {\"v\":\"é\"}\n\ndata: {\"v\":\"end\"}\n\n");
    }

    @Test
    void aLoneEventIsFlushedAtOnceAndEventsThatQueuedUpShareAFlush() throws Exception {
        Wire wire = new Wire();
        SseStream out = SseStream.open(wire, Map.of());
        StreamPipe<String> pipe = new StreamPipe<>(8, "end"::equals);
        pipe.emit("first");
        SseWriter.Source<String> source = wait -> {
            String next = pipe.poll(wait);
            if (next == null && !pipe.isTerminated()) { // the writer is idle: a burst arrives at once
                pipe.emit("a");
                pipe.emit("b");
                pipe.emit("end");
            }
            return next;
        };

        new SseWriter(LONG, Duration.ofMillis(10), false, 64).write(out, source, dataFrames(), () -> false);

        assertThat(wire.flushes).containsExactly("data: {\"v\":\"first\"}\n\n",
                "data: {\"v\":\"a\"}\n\ndata: {\"v\":\"b\"}\n\ndata: {\"v\":\"end\"}\n\n");
    }

    @Test
    void sentRunsAfterTheEventsFlushNeverBeforeAndNotAfterTheLast() throws Exception {
        Wire wire = new Wire();
        StreamPipe<String> pipe = new StreamPipe<>(8, "end"::equals);
        pipe.emit("first");
        pipe.emit("end");
        List<String> seenBySent = new ArrayList<>();
        SseWriter.Handler<String> handler = new SseWriter.Handler<>() {
            @Override
            public boolean write(String event, SseStream out) throws IOException {
                return dataFrames().write(event, out);
            }

            @Override
            public void sent() {
                seenBySent.add(wire.sent()); // what had gone out when the hook ran
            }
        };

        new SseWriter(LONG, LONG, false, 1).write(SseStream.open(wire, Map.of()), pipe::poll, handler, null);

        assertThat(seenBySent).containsExactly("data: {\"v\":\"first\"}\n\n");
        assertThat(wire.flushes).hasSize(2);
    }

    @Test
    void anEventThatRendersNoFrameIsNotFlushed() throws Exception {
        Wire wire = new Wire();
        StreamPipe<String> pipe = new StreamPipe<>(8, "end"::equals);
        pipe.emit("");
        pipe.emit("a");
        pipe.emit("end");
        SseWriter.Handler<String> skipsEmpty = (event, out) -> {
            if (!event.isEmpty()) {
                out.data("{\"v\":\"" + event + "\"}");
            }
            return event.equals("end");
        };

        new SseWriter(LONG, LONG, false, 1).write(SseStream.open(wire, Map.of()), pipe::poll, skipsEmpty, null);

        assertThat(wire.flushes).containsExactly("data: {\"v\":\"a\"}\n\n", "data: {\"v\":\"end\"}\n\n");
    }

    @Test
    void aBatchIsFlushedAfterMaxBatchEvents() throws Exception {
        Wire wire = new Wire();
        StreamPipe<String> pipe = new StreamPipe<>(8, "end"::equals);
        for (String event : List.of("1", "2", "3", "4", "5")) {
            pipe.emit(event);
        }
        pipe.emit("end");

        new SseWriter(LONG, LONG, false, 2).write(SseStream.open(wire, Map.of()), pipe::poll, dataFrames(), null);

        assertThat(wire.flushes).hasSize(3);
        assertThat(wire.sent()).contains("{\"v\":\"5\"}").endsWith("data: {\"v\":\"end\"}\n\n");
    }

    @Test
    void pingsWhileTheSourceIsSilent() throws Exception {
        Wire wire = new Wire();
        StreamPipe<String> pipe = new StreamPipe<>(8, "end"::equals);
        SseWriter.Source<String> source = wait -> {
            if (wire.flushes.size() == 2) {
                pipe.emit("end"); // after two pings
            }
            return pipe.poll(wait);
        };

        new SseWriter(Duration.ofMillis(20), Duration.ofMillis(20), false, 64)
                .write(SseStream.open(wire, Map.of()), source, dataFrames(), null);

        assertThat(wire.flushes).containsExactly(": ping\n\n", ": ping\n\n", "data: {\"v\":\"end\"}\n\n");
    }

    @Test
    void pingsWithTheStreamsOwnComment() throws Exception {
        Wire wire = new Wire();
        StreamPipe<String> pipe = new StreamPipe<>(8, "end"::equals);
        SseWriter.Source<String> source = wait -> {
            if (wire.flushes.size() == 1) {
                pipe.emit("end"); // after one ping
            }
            return pipe.poll(wait);
        };

        new SseWriter(Duration.ofMillis(20), Duration.ofMillis(20), false, 64, "ping")
                .write(SseStream.open(wire, Map.of()), source, dataFrames(), null);

        assertThat(wire.flushes).containsExactly(":ping\n\n", "data: {\"v\":\"end\"}\n\n");
    }

    @Test
    void probesBySilentCommentsBetweenPingsWhenAskedTo() throws Exception {
        Wire wire = new Wire();
        StreamPipe<String> pipe = new StreamPipe<>(8, "end"::equals);
        SseWriter.Source<String> source = wait -> {
            if (wire.flushes.size() == 3) {
                pipe.emit("end"); // after three probes
            }
            return pipe.poll(wait);
        };

        new SseWriter(LONG, Duration.ofMillis(10), true, 64)
                .write(SseStream.open(wire, Map.of()), source, dataFrames(), null);

        assertThat(wire.flushes).containsExactly(":\n\n", ":\n\n", ":\n\n", "data: {\"v\":\"end\"}\n\n");
    }

    @Test
    void aFailedWriteMeansTheCallerLeft() throws Exception {
        Wire wire = new Wire();
        StreamPipe<String> pipe = new StreamPipe<>(8, "end"::equals);
        pipe.emit("a");
        wire.closed.set(true);

        SseWriter.Outcome outcome = new SseWriter(LONG, LONG, false, 64)
                .write(SseStream.open(wire, Map.of()), pipe::poll, dataFrames(), null);

        assertThat(outcome).isEqualTo(SseWriter.Outcome.CALLER_LEFT);
    }

    @Test
    void aCallerSeenGoneWhileSilentEndsTheStreamWithoutWriting() throws Exception {
        Wire wire = new Wire();
        StreamPipe<String> pipe = new StreamPipe<>(8, "end"::equals);
        AtomicBoolean gone = new AtomicBoolean();
        SseWriter.Source<String> source = wait -> {
            gone.set(true);
            return pipe.poll(wait);
        };

        SseWriter.Outcome outcome = new SseWriter(LONG, Duration.ofMillis(5), true, 64)
                .write(SseStream.open(wire, Map.of()), source, dataFrames(), gone::get);

        assertThat(outcome).isEqualTo(SseWriter.Outcome.CALLER_LEFT);
        assertThat(wire.flushes).isEmpty();
    }

    @Test
    void anInterruptEndsTheStreamAndKeepsTheFlag() {
        Wire wire = new Wire();
        SseWriter.Source<String> source = wait -> {
            throw new InterruptedException();
        };
        try {
            SseWriter.Outcome outcome = new SseWriter(LONG, LONG, false, 64)
                    .write(SseStream.open(wire, Map.of()), source, dataFrames(), null);
            assertThat(outcome).isEqualTo(SseWriter.Outcome.INTERRUPTED);
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } catch (IOException e) {
            throw new AssertionError(e);
        } finally {
            Thread.interrupted();
        }
    }
}
