package dev.symbia.bench.chat;

import dev.symbia.bench.Args;
import dev.symbia.bench.Samples;
import dev.symbia.web.sse.SseStream;
import dev.symbia.web.sse.SseWriter;
import dev.symbia.web.sse.StreamPipe;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.LockSupport;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.threads.VirtualThreadExecutor;
import tools.jackson.databind.json.JsonMapper;

/**
 * One hop's relay of a chat frame, in process: a producer thread (messaging's upstream reader) hands frames to the
 * request's virtual thread through libs/web's {@link StreamPipe}, which writes them with {@link SseWriter} on a real
 * Tomcat connector to a socket client in this JVM. Each frame carries its emit time; the client reads it off the
 * wire, so the latency is emit → bytes at the client, same clock. Variants, alternated round by round:
 *
 * <ul>
 *   <li>{@code direct}: the request thread produces and writes itself (no hand-off) — the floor;</li>
 *   <li>{@code pipe}: the hand-off through the pipe and the writer, nothing else per frame;</li>
 *   <li>{@code work-before-flush}: as messaging's chat stream did before session 12 — the live delta is published
 *   (a payload serialised, a task handed to a single virtual-thread executor that burns {@code --work-us} of CPU,
 *   standing for the live writer's database write) inside the handler, i.e. before the frame's flush: on the
 *   first frame, then at most once per {@code --live-interval-ms};</li>
 *   <li>{@code work-after-flush}: the same work in {@link SseWriter.Handler#sent()}, after the flush (now).</li>
 * </ul>
 *
 * <p>Reported: every frame's latency, and the first frame's of each stream apart (the TTFT share of this hop).
 */
public final class SseRelayBench {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<String> VARIANTS = List.of("direct", "pipe", "work-before-flush", "work-after-flush");
    private static volatile int frames;
    private static volatile long intervalNanos;
    private static volatile long workNanos;
    private static volatile long liveIntervalNanos;

    private SseRelayBench() {
    }

    public static void main(String[] argv) throws Exception {
        Args args = Args.parse(argv);
        if (args.help()) {
            System.out.println("""
                    SseRelayBench: emit → client latency of one SSE hop (libs/web StreamPipe + SseWriter on Tomcat).
                      --frames N       frames per stream (default 50)
                      --interval-us N  time between frames (default 2000)
                      --work-us N      CPU burnt by the live writer's stand-in per frame (default 200)
                      --live-interval-ms N  live deltas at most this often after the first (default 100)
                      --rounds N       rounds; each runs every variant once, in rotated order (default 60)
                      --warmup N       warm-up streams per variant (default 20)""");
            return;
        }
        frames = args.integer("frames", 50, 2, 1_000_000);
        intervalNanos = args.integer("interval-us", 2000, 50, 1_000_000) * 1000L;
        workNanos = args.integer("work-us", 200, 0, 100_000) * 1000L;
        liveIntervalNanos = args.integer("live-interval-ms", 100, 0, 60_000) * 1_000_000L;
        int rounds = args.integer("rounds", 60, 1, 100_000);
        int warmup = args.integer("warmup", 20, 0, 100_000);
        args.rejectUnknown();

        Path base = Files.createTempDirectory("sse-relay");
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString());
        Connector connector = new Connector();
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        connector.getProtocolHandler().setExecutor(new VirtualThreadExecutor("sse-relay-")); // as the services run
        tomcat.setConnector(connector);
        Context context = tomcat.addContext("", base.toString());
        Tomcat.addServlet(context, "relay", new Relay());
        context.addServletMappingDecoded("/relay", "relay");
        tomcat.start();
        int port = connector.getLocalPort();
        try {
            for (int i = 0; i < warmup; i++) {
                for (String variant : VARIANTS) {
                    stream(port, variant);
                }
            }
            Map<String, Samples> results = new LinkedHashMap<>();
            Map<String, Samples> firsts = new LinkedHashMap<>();
            VARIANTS.forEach(v -> results.put(v, new Samples()));
            VARIANTS.forEach(v -> firsts.put(v, new Samples()));
            for (int round = 0; round < rounds; round++) {
                for (int i = 0; i < VARIANTS.size(); i++) {
                    String variant = VARIANTS.get((i + round) % VARIANTS.size());
                    long[] latencies = stream(port, variant);
                    results.get(variant).addAll(latencies);
                    firsts.get(variant).add(latencies[0]);
                }
            }
            System.out.printf(Locale.ROOT, "%d frames × %d rounds per variant, %d µs apart, work %d µs; %d CPUs%n%n",
                    frames, rounds, intervalNanos / 1000, workNanos / 1000, Runtime.getRuntime().availableProcessors());
            System.out.println("| variant | every frame p50 / p90 / p99 ms | first frame p50 / p90 ms |");
            System.out.println("|---|---:|---:|");
            results.forEach((variant, all) -> {
                Samples first = firsts.get(variant);
                System.out.printf(Locale.ROOT, "| %s | %.3f / %.3f / %.3f | %.3f / %.3f |%n", variant,
                        all.percentile(50) / 1e6, all.percentile(90) / 1e6, all.percentile(99) / 1e6,
                        first.percentile(50) / 1e6, first.percentile(90) / 1e6);
            });
        } finally {
            tomcat.stop();
            tomcat.destroy();
        }
    }

    // One stream: the emit → read latency of each frame, in nanoseconds.
    private static long[] stream(int port, String variant) throws IOException {
        long[] latencies = new long[frames];
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setTcpNoDelay(true);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /relay?variant=" + variant + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            StringBuilder line = new StringBuilder();
            int n = 0;
            int b;
            while (n < frames && (b = in.read()) != -1) {
                if (b != '\n') {
                    line.append((char) b);
                    continue;
                }
                if (line.length() > 10 && line.charAt(0) == 'd' && line.indexOf("data: {\"t\":") == 0) {
                    long now = System.nanoTime();
                    long emitted = Long.parseLong(line.substring(11, line.indexOf(",")));
                    latencies[n++] = now - emitted;
                }
                line.setLength(0);
            }
            if (n < frames) {
                throw new IOException(variant + ": stream ended after " + n + " frames");
            }
        }
        return latencies;
    }

    // Waits until the next frame is due, spinning the last stretch: a parked thread oversleeps by tens of µs.
    private static void until(long deadline) {
        long left;
        while ((left = deadline - System.nanoTime()) > 0) {
            if (left > 200_000) {
                LockSupport.parkNanos(left - 150_000);
            } else {
                Thread.onSpinWait();
            }
        }
    }

    private static String frame(long emitted, int index) {
        return "{\"t\":" + emitted + ",\"content\":\"tok" + index + " \"}";
    }

    /** As messaging's live deltas: the first at once, later ones at most once per interval. */
    private static final class LiveDue {

        private boolean published;
        private long last;

        boolean now() {
            long now = System.nanoTime();
            if (published && now - last < liveIntervalNanos) {
                return false;
            }
            published = true;
            last = now;
            return true;
        }
    }

    /** The relaying request: a frame every interval, the variant's way. */
    static final class Relay extends HttpServlet {

        // The live writer's stand-in: one virtual thread at a time, as messaging's LiveWriter.
        private final ExecutorService live = Executors.newSingleThreadExecutor(Thread.ofVirtual().factory());

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            String variant = request.getParameter("variant");
            SseStream out = SseStream.open(response, Map.of());
            out.commit();
            int count = frames;
            long interval = intervalNanos;
            if ("direct".equals(variant)) {
                long next = System.nanoTime() + interval;
                for (int i = 0; i < count; i++) {
                    until(next);
                    next += interval;
                    out.data(frame(System.nanoTime(), i));
                    out.flush();
                }
                return;
            }
            StreamPipe<String> pipe = new StreamPipe<>(256, "end"::equals);
            Thread producer = Thread.ofVirtual().start(() -> {
                long next = System.nanoTime() + interval;
                for (int i = 0; i < count; i++) {
                    until(next);
                    next += interval;
                    pipe.emit(frame(System.nanoTime(), i));
                }
                pipe.emit("end");
            });
            boolean before = "work-before-flush".equals(variant);
            boolean after = "work-after-flush".equals(variant);
            LiveDue due = new LiveDue();
            new SseWriter(Duration.ofSeconds(15), Duration.ofMillis(500), false, 64).write(out, pipe::poll,
                    new SseWriter.Handler<String>() {
                        @Override
                        public boolean write(String event, SseStream stream) throws IOException {
                            if (event.equals("end")) {
                                return true;
                            }
                            stream.data(event);
                            if (before && due.now()) {
                                publish(event);
                            }
                            return false;
                        }

                        @Override
                        public void sent() {
                            if (after && due.now()) {
                                publish("after");
                            }
                        }
                    }, null);
            try {
                producer.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        // As messaging's live delta: a payload built and serialised, then the writer's work on another thread.
        private void publish(String text) {
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("conversationId", "c");
            payload.put("messageId", "m");
            payload.put("offset", 0);
            payload.put("content", text);
            String json = JSON.writeValueAsString(payload);
            long work = workNanos;
            live.execute(() -> {
                long end = System.nanoTime() + work;
                int spin = json.length();
                while (System.nanoTime() < end) {
                    spin = spin * 31 + 7;
                }
                if (spin == 42) {
                    System.out.print(""); // keeps the loop from being removed
                }
            });
        }
    }
}
