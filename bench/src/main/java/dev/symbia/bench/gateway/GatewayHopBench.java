package dev.symbia.bench.gateway;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.symbia.bench.Args;
import dev.symbia.bench.MachineCpu;
import dev.symbia.bench.ProcessCpu;
import dev.symbia.bench.Samples;
import dev.symbia.bench.stack.StackReport;
import dev.symbia.bench.ServiceProcess;
import dev.symbia.bench.stack.Stack;
import dev.symbia.core.SymbiaService;
import dev.symbia.test.auth.TestIdentity;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.ConnectionPool;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSource;

/**
 * The gateway hop alone (issues 16, 23, 26): what the gateway adds to a request over the same request sent straight to
 * the service, with nothing else of the stack in the way.
 *
 * <p>Starts {@code gateway.jar} as a child JVM with the JVM options the chat bench gives the stack's services, a fake
 * identity for the JWKS ({@link TestIdentity}), and every other service URL pointing at one cheap fake upstream in this
 * JVM (the JDK's HttpServer, {@code TCP_NODELAY}): {@code GET /api/ping} answers a small JSON, {@code POST /api/echo}
 * echoes its body, {@code GET /api/stream} writes a few SSE frames, each flushed. The measuring thread calls, with one
 * synchronous OkHttp client, alternating per request, {@code /api/messaging/…} on the gateway and {@code /api/…} on the
 * upstream: an authenticated GET (body read whole), an authenticated POST of a ~300-byte JSON body (echo read whole),
 * and the first body byte of an SSE stream (the rest drained untimed). The gateway's rate limit stays on (its cost is
 * part of the hop) with buckets too large to refuse. Then the gateway's own CPU per request of each kind
 * ({@code /proc} schedstat, requests of one kind in a row), and how many upstream connections the gateway opened.
 * Loopback only; bounded.
 */
public final class GatewayHopBench {

    private static final String USAGE = """
            GatewayHopBench: latency the gateway adds to a request (GET, POST, first SSE byte) over the same request
            straight to the upstream, and the gateway's CPU per request.

              java -cp bench/target/benchmarks.jar dev.symbia.bench.gateway.GatewayHopBench [options]

              --jar PATH            gateway executable jar                 [gateway/target/gateway.jar]
              --jvm-opts "OPTS"     JVM options of the gateway child       [full tiered JIT, SerialGC,
                                    64-256 MB heap: the chat bench's default]
              --env "K=V,K=V"       extra environment of the gateway (e.g. SYMBIA_TRACE_SAMPLING=0)
              --warmup N            warm-up rounds (each: every kind on both sides) [4000]
              --samples N           measured rounds                        [2000]
              --cpu-requests N      requests per kind for the gateway's CPU per request [2000]
              --frames N            SSE frames per stream                  [5]
              --jfr                 record a JFR profile of the gateway (profile settings) into
                                    bench/target/gateway-hop/gateway.jfr
              --out FILE            also write the report (markdown) here
              --label TEXT          what was measured, for the report (e.g. the commit)
            """;

    private static final MediaType JSON = MediaType.get("application/json");
    /** About 300 bytes, like a chat post with a little metadata. */
    private static final String POST_BODY = "{\"content\":\"" + "Summarise the last three messages of this conversation "
            + "and suggest a reply that keeps the tone friendly but short.\",\"role\":\"user\",\"metadata\":{\"client\":"
            + "\"bench\",\"locale\":\"en-GB\",\"draft\":false,\"attachments\":[],\"mentions\":[\"assistant:helper\"],"
            + "\"thread\":\"c-5c1d0e2a-7b7f-4d38-9a47-2f2f4f9d1b60\",\"sentAt\":\"2026-12-07T12:00:00Z\"}}";
    private static final byte[] PING_BODY = ("{\"status\":\"ok\",\"service\":\"fake\",\"items\":[{\"id\":1,\"name\":\"one\"},"
            + "{\"id\":2,\"name\":\"two\"}]}").getBytes(StandardCharsets.UTF_8);

    private enum Kind {
        GET("authenticated GET (small JSON)"),
        POST("authenticated POST (~300 B JSON echoed)"),
        SSE("SSE stream, first body byte");

        final String title;

        Kind(String title) {
            this.title = title;
        }
    }

    private GatewayHopBench() {
    }

    public static void main(String[] args) throws Exception {
        Args parsed = Args.parse(args, "jfr");
        if (parsed.help()) {
            System.out.print(USAGE);
            return;
        }
        String jar = parsed.string("jar", "gateway/target/gateway.jar");
        String jvmOpts = parsed.string("jvm-opts", Stack.DEPLOYED_JVM_OPTS);
        String extraEnv = parsed.string("env", "");
        int warmup = parsed.integer("warmup", 4000, 0, 1_000_000);
        int samples = parsed.integer("samples", 2000, 10, 1_000_000);
        int cpuRequests = parsed.integer("cpu-requests", 2000, 0, 1_000_000);
        int frames = parsed.integer("frames", 5, 1, 1000);
        boolean jfr = parsed.flag("jfr");
        String out = parsed.string("out", null);
        String label = parsed.string("label", "");
        parsed.rejectUnknown();

        Path work = Path.of(Files.isDirectory(Path.of("bench")) ? "bench/target" : "target", "gateway-hop");
        Path recording = work.resolve("gateway.jfr").toAbsolutePath();
        String loadAtStart = MachineCpu.loadAverage();
        StringBuilder report = new StringBuilder();
        try (TestIdentity identity = TestIdentity.create(); FakeUpstream upstream = FakeUpstream.start(frames)) {
            String token = identity.user("bench-user").member("org-bench", "member").token();
            int port = ServiceProcess.freePort();
            Map<String, String> env = new LinkedHashMap<>();
            env.put("SYMBIA_ENV", "development");
            env.put("GATEWAY_PORT", String.valueOf(port));
            for (SymbiaService service : SymbiaService.values()) {
                env.put(service.envPrefix() + "_SERVICE_URL", service == SymbiaService.IDENTITY ? identity.url() : upstream.url());
            }
            // The limiter runs (its cost is part of the hop) but never refuses the one bench user.
            env.put("GATEWAY_RATE_LIMIT_CAPACITY", "1000000000");
            env.put("GATEWAY_RATE_LIMIT_REFILL_PER_SECOND", "1000000");
            for (String pair : extraEnv.split(",")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    env.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
                }
            }
            String opts = jfr ? jvmOpts + " -XX:StartFlightRecording:filename=" + recording + ",settings=profile,dumponexit=true"
                    : jvmOpts;
            try (ServiceProcess gateway = ServiceProcess.jar("gateway", Path.of(jar), opts, env, null, work)) {
                URI gatewayBase = URI.create("http://127.0.0.1:" + port);
                gateway.awaitReady(gatewayBase.resolve("/health/ready"));
                OkHttpClient http = new OkHttpClient.Builder()
                        .connectionPool(new ConnectionPool(4, 5, TimeUnit.MINUTES))
                        .retryOnConnectionFailure(false)
                        .build();
                Map<Kind, Request> through = requests(gatewayBase + "/api/messaging", token);
                Map<Kind, Request> direct = requests(upstream.url() + "/api", token);

                Map<Kind, Samples> viaGateway = new LinkedHashMap<>();
                Map<Kind, Samples> straight = new LinkedHashMap<>();
                for (Kind kind : Kind.values()) {
                    viaGateway.put(kind, new Samples());
                    straight.put(kind, new Samples());
                }
                long started = System.nanoTime();
                // Warm-up first, so the JIT has compiled the gateway's request path as a busy gateway's is.
                for (int round = 0; round < warmup + samples; round++) {
                    boolean measure = round >= warmup;
                    boolean gatewayFirst = (round & 1) == 0;
                    for (Kind kind : Kind.values()) {
                        long first = call(http, kind, gatewayFirst ? through.get(kind) : direct.get(kind));
                        long second = call(http, kind, gatewayFirst ? direct.get(kind) : through.get(kind));
                        if (measure) {
                            viaGateway.get(kind).add(gatewayFirst ? first : second);
                            straight.get(kind).add(gatewayFirst ? second : first);
                        }
                    }
                    if (round == warmup - 1) {
                        System.out.printf(Locale.ROOT, "[bench] warm-up done after %.1f s%n", (System.nanoTime() - started) / 1e9);
                    }
                }
                long upstreamRequests = upstream.gatewayRequests.get();
                int upstreamConnections = upstream.gatewayPorts.size();

                // The gateway's own CPU per request, one kind at a time: on a shared machine latency mostly measures
                // the neighbours, CPU per request measures the gateway.
                // Both with and without the JIT's compiler threads: compiling is a warm-up cost that a run this short
                // may not have finished, and it would otherwise be counted against whichever kind runs first.
                Map<Kind, double[]> cpu = new LinkedHashMap<>();
                long idleBefore = ProcessCpu.nanos(gateway.pid());
                long idleBeforeNoJit = ProcessCpu.nanosWithoutJit(gateway.pid());
                Thread.sleep(1000);
                double idlePerSecond = ProcessCpu.nanos(gateway.pid()) - idleBefore;
                double idleNoJitPerSecond = ProcessCpu.nanosWithoutJit(gateway.pid()) - idleBeforeNoJit;
                for (Kind kind : Kind.values()) {
                    if (cpuRequests == 0) {
                        break;
                    }
                    long before = ProcessCpu.nanos(gateway.pid());
                    long beforeNoJit = ProcessCpu.nanosWithoutJit(gateway.pid());
                    for (int i = 0; i < cpuRequests; i++) {
                        call(http, kind, through.get(kind));
                    }
                    cpu.put(kind, new double[] {(double) (ProcessCpu.nanos(gateway.pid()) - before) / cpuRequests,
                        (double) (ProcessCpu.nanosWithoutJit(gateway.pid()) - beforeNoJit) / cpuRequests});
                }

                report.append("## Gateway hop (").append(Instant.now()).append(")\n\n");
                if (!label.isBlank()) {
                    report.append("- Label: ").append(label).append('\n');
                }
                report.append("- Gateway JVM: `").append(opts).append("`");
                if (!extraEnv.isBlank()) {
                    report.append(", extra environment `").append(extraEnv).append('`');
                }
                report.append(".\n");
                report.append("- ").append(samples).append(" measured rounds after ").append(warmup)
                        .append(" warm-up rounds; each round sends every kind through the gateway and straight to the upstream,"
                                + " alternating which goes first; one OkHttp client on the measuring thread; POST body ")
                        .append(POST_BODY.getBytes(StandardCharsets.UTF_8).length).append(" bytes; ").append(frames)
                        .append(" SSE frames per stream.\n");
                report.append("- Upstream connections the gateway opened: ").append(upstreamConnections).append(" for ")
                        .append(upstreamRequests).append(" requests.\n");
                report.append("- Machine: ").append(Runtime.getRuntime().availableProcessors())
                        .append(" CPU(s), load average at start ").append(loadAtStart).append(", at the end ")
                        .append(MachineCpu.loadAverage()).append(".\n\n");
                report.append("| kind | direct min / p50 / p99 ms | via gateway min / p50 / p99 ms | added min / p50 / p99 ms |"
                        + " gateway CPU per request (without JIT threads) |\n");
                report.append("|---|---|---|---|---:|\n");
                for (Kind kind : Kind.values()) {
                    Samples d = straight.get(kind);
                    Samples g = viaGateway.get(kind);
                    report.append("| ").append(kind.title).append(" | ")
                            .append(Samples.ms(d.percentile(0.0001))).append(" / ").append(Samples.ms(d.percentile(50)))
                            .append(" / ").append(Samples.ms(d.percentile(99))).append(" | ")
                            .append(Samples.ms(g.percentile(0.0001))).append(" / ").append(Samples.ms(g.percentile(50)))
                            .append(" / ").append(Samples.ms(g.percentile(99))).append(" | ")
                            .append(Samples.deltaMs(g.percentile(0.0001), d.percentile(0.0001))).append(" / ")
                            .append(Samples.deltaMs(g.percentile(50), d.percentile(50))).append(" / ")
                            .append(Samples.deltaMs(g.percentile(99), d.percentile(99))).append(" | ")
                            .append(cpu.containsKey(kind) ? String.format(Locale.ROOT, "%.0f µs (%.0f µs)", cpu.get(kind)[0] / 1e3,
                                    cpu.get(kind)[1] / 1e3) : "–")
                            .append(" |\n");
                }
                report.append(String.format(Locale.ROOT, "%nGateway CPU per request: %d requests of one kind in a row per kind,"
                        + " after the measured rounds; idle just before: %.1f ms/s (%.1f ms/s without JIT threads), included"
                        + " above.%n", cpuRequests, idlePerSecond / 1e6, idleNoJitPerSecond / 1e6));
                report.append("\nLog: `").append(gateway.log()).append("`.\n");
                if (jfr) {
                    report.append("JFR profile of the gateway (written when it exits): `").append(recording)
                            .append("` — e.g. `jfr view hot-methods` / `jfr view allocation-by-class` on it.\n");
                }
            }
        }
        StackReport.publish(report, out);
        System.exit(0);
    }

    private static Map<Kind, Request> requests(String base, String token) {
        Map<Kind, Request> requests = new LinkedHashMap<>();
        requests.put(Kind.GET, new Request.Builder().url(base + "/ping").header("Authorization", "Bearer " + token)
                .header("Accept", "application/json").get().build());
        requests.put(Kind.POST, new Request.Builder().url(base + "/echo").header("Authorization", "Bearer " + token)
                .header("Accept", "application/json").post(RequestBody.create(POST_BODY, JSON)).build());
        requests.put(Kind.SSE, new Request.Builder().url(base + "/stream").header("Authorization", "Bearer " + token)
                .header("Accept", "text/event-stream").get().build());
        return requests;
    }

    /**
     * One exchange on this thread: nanoseconds until the body was read whole (GET, POST) or until its first byte (SSE,
     * the rest drained afterwards, untimed).
     */
    private static long call(OkHttpClient http, Kind kind, Request request) throws IOException {
        long start = System.nanoTime();
        try (Response response = http.newCall(request).execute()) {
            if (response.code() != 200) {
                throw new IllegalStateException(request.url() + " answered " + response.code() + ": " + response.body().string());
            }
            long elapsed;
            if (kind == Kind.SSE) {
                BufferedSource source = response.body().source();
                source.require(1);
                elapsed = System.nanoTime() - start;
                String rest = source.readUtf8();
                if (!rest.contains("event: done")) {
                    throw new IllegalStateException(request.url() + ": the stream ended without its last frame");
                }
            } else {
                int length = response.body().bytes().length;
                elapsed = System.nanoTime() - start;
                if (length == 0) {
                    throw new IllegalStateException(request.url() + " answered an empty body");
                }
            }
            return elapsed;
        }
    }

    /**
     * The one upstream every service URL points at: the JDK's HttpServer on loopback with {@code TCP_NODELAY}, a few
     * threads. Counts the gateway's requests and the client ports they came from (one port per connection).
     */
    private static final class FakeUpstream implements AutoCloseable {

        private final HttpServer server;
        private final ExecutorService executor;
        private final byte[][] frames;
        final AtomicLong gatewayRequests = new AtomicLong();
        final Set<Integer> gatewayPorts = ConcurrentHashMap.newKeySet();

        private FakeUpstream(HttpServer server, ExecutorService executor, int frames) {
            this.server = server;
            this.executor = executor;
            this.frames = new byte[frames + 1][];
            for (int i = 0; i < frames; i++) {
                this.frames[i] = ("data: {\"choices\":[{\"delta\":{\"content\":\"token " + i + "\"}}]}\n\n")
                        .getBytes(StandardCharsets.UTF_8);
            }
            this.frames[frames] = "event: done\ndata: {}\n\n".getBytes(StandardCharsets.UTF_8);
        }

        static FakeUpstream start(int frames) throws IOException {
            // Without it small writes after the headers wait for the client's delayed ACK.
            System.setProperty("sun.net.httpserver.nodelay", "true");
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
            ExecutorService executor = Executors.newFixedThreadPool(4);
            FakeUpstream upstream = new FakeUpstream(server, executor, frames);
            server.createContext("/", upstream::handle);
            server.setExecutor(executor);
            server.start();
            return upstream;
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        private void handle(HttpExchange exchange) throws IOException {
            try (exchange) {
                if (exchange.getRequestHeaders().containsKey("X-request-id")) {
                    gatewayRequests.incrementAndGet();
                    gatewayPorts.add(exchange.getRemoteAddress().getPort());
                }
                byte[] body;
                try (InputStream in = exchange.getRequestBody()) {
                    body = in.readAllBytes();
                }
                String path = exchange.getRequestURI().getPath();
                switch (path) {
                    case "/api/ping" -> answer(exchange, "application/json", PING_BODY);
                    case "/api/echo" -> answer(exchange, "application/json", body);
                    case "/api/stream" -> {
                        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
                        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
                        exchange.sendResponseHeaders(200, 0);
                        OutputStream stream = exchange.getResponseBody();
                        for (byte[] frame : frames) {
                            stream.write(frame);
                            stream.flush();
                        }
                    }
                    default -> exchange.sendResponseHeaders(404, -1);
                }
            }
        }

        private static void answer(HttpExchange exchange, String contentType, byte[] body) throws IOException {
            exchange.getResponseHeaders().set("Content-Type", contentType);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        }

        @Override
        public void close() {
            server.stop(0);
            executor.shutdownNow();
        }
    }
}
