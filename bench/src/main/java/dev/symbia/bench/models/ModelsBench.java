package dev.symbia.bench.models;

import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaIterator;
import de.kherud.llama.LlamaModel;
import de.kherud.llama.LlamaOutput;
import de.kherud.llama.ModelParameters;
import de.kherud.llama.Pair;
import dev.symbia.bench.Args;
import dev.symbia.bench.MachineCpu;
import dev.symbia.bench.ProcessCpu;
import dev.symbia.bench.ServiceProcess;
import dev.symbia.models.TinyGguf;
import dev.symbia.test.auth.TestIdentity;
import dev.symbia.test.postgres.TestDatabase;
import dev.symbia.test.postgres.TestPostgres;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The models service against the same model driven in-process through the binding, in one run: time to first token
 * and tokens per second of {@code POST /v1/chat/completions} (streaming) versus {@code LlamaModel.generate} with the
 * same prompt (formatted by the same chat template), seed and temperature 0, interleaved A/B. Runs on the generated
 * tiny model ({@link TinyGguf}) and on every larger GGUF in {@code --models-path}. Target (issue 19): throughput
 * within 5 % and TTFT overhead ≤ 5 ms of in-process.
 *
 * <p>The client reads the stream with OkHttp on the measuring thread (no hand-off to a selector thread) and looks
 * at each line without parsing it as JSON, except the usage frame: on a 2-core machine the client's own CPU would
 * otherwise be taken from llama.cpp's threads on the service side only. Exits when done.
 */
public final class ModelsBench {

    /** Warm-up streams and one-token requests per side for each model after the first. */
    private static final int LATER_MODEL_WARMUP = 100;

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    /** Context window on both sides (the service caps it by a model's trained context; 2048 is the tiny model's). */
    private static final int CONTEXT = 2048;
    /** The generated "medium" model: 8 layers of width 384 (6 heads, 2 key/value heads), feed-forward 1024. */
    private static final TinyGguf.Shape MEDIUM = new TinyGguf.Shape(384, 6, 2, 1024, 8);
    private static final String USAGE = """
            ModelsBench: the models service vs the binding in-process (TTFT, tokens/s)
              --jar PATH            models service jar            [models/target/models.jar]
              --models-path DIR     more GGUF files to measure     [none: only the generated models]
              --tiny-only           skip the generated medium model (~50 MB, milliseconds per token)
              --runs N              measured streams per side      [20]
              --warmup N            warm-up streams per side       [500]
              --warmup-tokens N     max_tokens of a warm-up stream [16]
              --warmup-requests N   one-token warm-up requests per side after the streams [5000]
              --gap-ms N            idle time before each measured stream [50]
              --max-tokens N        tokens per reply               [64]
              --threads N           llama.cpp threads (both sides) [2]
              --database-url URL    PostgreSQL for the service     [a fresh embedded one (TestPostgres)]
              --java-opts "OPTS"    JVM options of the service     [-Xms256m -Xmx1g]
              --out FILE            report                         [bench/results/<date>-models.md]
            """;

    private ModelsBench() {
    }

    public static void main(String[] argv) throws Exception {
        Args args = Args.parse(argv, "help", "tiny-only");
        if (args.help()) {
            System.out.println(USAGE);
            return;
        }
        Path jar = Path.of(args.string("jar", "models/target/models.jar"));
        String extra = args.string("models-path", null);
        int runs = args.integer("runs", 20, 1, 10_000);
        int warmup = args.integer("warmup", 500, 0, 100_000);
        int warmupTokens = args.integer("warmup-tokens", 16, 1, 4096);
        int warmupRequests = args.integer("warmup-requests", 5000, 0, 1_000_000);
        int gapMs = args.integer("gap-ms", 50, 0, 10_000);
        int maxTokens = args.integer("max-tokens", 64, 1, 4096);
        int threads = args.integer("threads", 2, 1, 256);
        String databaseUrl = args.string("database-url", null);
        String javaOpts = args.string("java-opts", "-Xms256m -Xmx1g");
        Path out = Path.of(args.string("out", "bench/results/" + LocalDate.now() + "-models.md"));
        args.rejectUnknown();

        Path work = Path.of("bench/target/models-bench").toAbsolutePath();
        Path dir = work.resolve("models");
        Files.createDirectories(dir);
        TinyGguf.write(dir.resolve("bench-tiny.gguf"), 42);
        List<Path> models = new ArrayList<>(List.of(dir.resolve("bench-tiny.gguf")));
        if (!args.flag("tiny-only")) {
            // The tiny model's token costs ~0.5 ms, so per-token overhead dominates its ratio; a token of this one costs
            // milliseconds of arithmetic (12.6 M weights, F32), closer to a real small model on this kind of machine.
            TinyGguf.write(dir.resolve("bench-medium.gguf"), 42, true, MEDIUM);
            models.add(dir.resolve("bench-medium.gguf"));
        }
        if (extra != null) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(Path.of(extra), "*.gguf")) {
                for (Path f : files) {
                    Path link = dir.resolve(f.getFileName());
                    Files.deleteIfExists(link);
                    Files.createSymbolicLink(link, f.toAbsolutePath());
                    models.add(link);
                }
            }
        }

        if (databaseUrl == null) {
            System.setProperty("symbia.test.embedded-only", "true");
            TestDatabase db = TestPostgres.freshDatabase();
            databaseUrl = db.jdbcUrl() + "?user=" + db.username() + "&password=" + db.password();
        }
        TestIdentity identity = TestIdentity.create();
        String bearer = identity.user("bench-" + UUID.randomUUID()).member("bench-org", "admin").bearer(); // admin: rescan, unload
        int port = ServiceProcess.freePort();
        Map<String, String> env = new HashMap<>();
        env.put("SYMBIA_ENV", "development");
        env.put("MODELS_PORT", String.valueOf(port));
        env.put("DATABASE_URL", databaseUrl);
        env.put("IDENTITY_SERVICE_URL", identity.url());
        env.put("MODELS_PATH", dir.toString());
        env.put("DEFAULT_THREADS", String.valueOf(threads));
        env.put("MAX_LOADED_MODELS", "1");
        env.put("MODELS_CONTEXT_SIZE", String.valueOf(CONTEXT)); // the same window on both sides
        env.put("MODELS_CATALOG_REGISTRATION", "false");
        env.put("NETWORK_SERVICE_URL", "http://127.0.0.1:" + ServiceProcess.freePort()); // never a real network
        env.put("SYMBIA_TELEMETRY_EXPORT_ENABLED", "false");

        StringBuilder notes = new StringBuilder();
        StringBuilder report = new StringBuilder("# models: service vs in-process\n\n")
                .append(String.format(Locale.ROOT, "runs %d per side, interleaved with %d ms idle before each, after %d warm-up streams per side "
                        + "(max_tokens %d) and %d one-token requests (at most " + LATER_MODEL_WARMUP + " of each for the models after the first); max_tokens %d; "
                        + "threads %d; temperature 0, seed 1; cores %d; load average "
                        + "at start %s%n%n", runs, gapMs, warmup, warmupTokens, warmupRequests, maxTokens, threads,
                        Runtime.getRuntime().availableProcessors(), MachineCpu.loadAverage()))
                .append("| model | TTFT in-process p50 | TTFT service p50 | Δ TTFT | HTTP floor p50 | tok/s in-process p50 | "
                        + "tok/s service p50 | ratio | paired ratio p50 | targets |\n|---|---|---|---|---|---|---|---|---|---|\n");
        try (ServiceProcess service = ServiceProcess.jar("models", jar, javaOpts, env, null, work)) {
            service.awaitReady(URI.create("http://127.0.0.1:" + port + "/health/ready"));
            // Counts the client's new connections: every measured call must reuse the pooled one (keep-alive), or
            // Δ TTFT would include a TCP handshake the in-process side never pays.
            AtomicInteger connections = new AtomicInteger();
            OkHttpClient http = new OkHttpClient.Builder().readTimeout(5, TimeUnit.MINUTES)
                    .eventListener(new EventListener() {
                        @Override
                        public void connectStart(Call call, InetSocketAddress address, Proxy proxy) {
                            connections.incrementAndGet();
                        }
                    }).build();
            for (Path model : models) {
                String id = model.getFileName().toString().replaceFirst("(?i)\\.gguf$", "").toLowerCase(Locale.ROOT)
                        .replaceAll("[^a-z0-9-]", "-");
                List<Pair<String, String>> turns = List.of(new Pair<>("user", "Write a long story about a lighthouse."));
                String body = body(id, maxTokens);
                String warmupBody = body(id, warmupTokens);
                String oneTokenBody = body(id, 1);
                send(http, port, bearer, "/api/rescan", ""); // a model added to the directory since start
                try (LlamaModel local = new LlamaModel(new ModelParameters().setModel(model.toString())
                        .setCtxSize(CONTEXT).setThreads(threads)
                        .setThreadsBatch(threads).setParallel(1).enableJinja())) {
                    InferenceParameters chat = new InferenceParameters("").setMessages(null, turns);
                    double[][] a = new double[2][runs];
                    double[][] b = new double[2][runs];
                    double[] floor = new double[runs];
                    double[] busyFloor = new double[runs];
                    double[] healthCpu = new double[runs];
                    double[] opening = new double[runs];
                    // Warm-up: short streams on both sides until the service's request path and per-token path are
                    // compiled as a busy service's are (the JIT compiles by invocation counts; a handful of streams
                    // measured the interpreter). Same count on both sides.
                    long warmStart = System.nanoTime();
                    // The service's Java paths are compiled by the first model's warm-up; later models need their own
                    // caches and the in-process copy warmed, and the per-token path its branches for this model's
                    // pieces (with 5 streams the medium model's measured runs still paid ~0.45 s of C2 compiling).
                    int streams = model.equals(models.getFirst()) ? warmup : Math.min(warmup, LATER_MODEL_WARMUP);
                    for (int i = 0; i < streams; i++) {
                        inProcess(local, chat, warmupTokens);
                        viaService(http, port, bearer, warmupBody);
                        health(http, port);
                    }
                    // Then requests of one token: the per-token path is warm after the streams, the request path (filters,
                    // security, MVC, Jackson: once per request) is not. HotSpot compiles a method with C2 after ~5000
                    // calls; with fewer, the measured requests ran C1's profiling code and the service's C2 compiler
                    // threads were still busy during the measured streams, taking a core from llama.cpp's threads.
                    int requests = model.equals(models.getFirst()) ? warmupRequests : Math.min(warmupRequests, LATER_MODEL_WARMUP);
                    for (int i = 0; i < requests; i++) {
                        inProcess(local, chat, 1);
                        viaService(http, port, bearer, oneTokenBody);
                    }
                    double warmSeconds = (System.nanoTime() - warmStart) / 1e9;
                    // CPU per token on each side, from schedstat (ns): the bench process while it generates in-process
                    // (its llama.cpp threads and this thread), the service process while it streams, and this thread
                    // as the service's client. Robust where wall-clock ratios are not: on a shared machine.
                    double[] cpu = new double[4]; // in-process ns, service ns, client ns, in-process tokens
                    double serviceTokens = 0;
                    int connectionsBefore = connections.get();
                    long jitBefore = jitNanos(service.pid());
                    // Per-thread counters of each side's process while it generates: llama.cpp's compute threads are
                    // the busiest on both, and their waiting time and preemptions separate contention from CPU.
                    TaskStats selfTasks = new TaskStats(ProcessHandle.current().pid());
                    TaskStats serviceTasks = new TaskStats(service.pid());
                    for (int i = 0; i < runs; i++) {
                        // llama.cpp's OpenMP workers spin for milliseconds after a generation ends; without a gap each
                        // side would start while the other side's workers still hold a core (2 cores, 2 threads).
                        Thread.sleep(gapMs);
                        selfTasks.begin();
                        long c0 = ProcessCpu.self();
                        double[] inProcess = inProcess(local, chat, maxTokens);
                        long c1 = ProcessCpu.self();
                        selfTasks.end();
                        Thread.sleep(gapMs);
                        serviceTasks.begin();
                        long s1 = ProcessCpu.nanos(service.pid());
                        long t1 = THREADS.getCurrentThreadCpuTime();
                        double[] viaService = viaService(http, port, bearer, body);
                        long t2 = THREADS.getCurrentThreadCpuTime();
                        long s2 = ProcessCpu.nanos(service.pid());
                        serviceTasks.end();
                        cpu[0] += c1 - c0;
                        cpu[1] += s2 - s1;
                        cpu[2] += t2 - t1;
                        cpu[3] += inProcess[2];
                        serviceTokens += viaService[2];
                        Thread.sleep(gapMs);
                        floor[i] = health(http, port);
                        long h0 = ProcessCpu.nanos(service.pid());
                        busyFloor[i] = health(http, port); // the same call straight after: no idle wake-up in it
                        healthCpu[i] = (ProcessCpu.nanos(service.pid()) - h0) / 1e6;
                        a[0][i] = inProcess[0];
                        a[1][i] = inProcess[1];
                        b[0][i] = viaService[0];
                        b[1][i] = viaService[1];
                        opening[i] = viaService[3];
                    }
                    double jitMs = (jitNanos(service.pid()) - jitBefore) / 1e6;
                    notes.append(String.format(Locale.ROOT, "- %s: %d warm-up streams and %d one-token requests per side in %.1f s; "
                            + "the service's JIT compiler threads during the measured runs %.1f ms of CPU; TTFT p90 in-process %.2f ms, service "
                            + "%.2f ms; service's role chunk (request handled, generation starting) p50 %.2f ms, p90 %.2f ms; "
                            + "HTTP floor p90 %.2f ms, back to back (no idle before it) p50 %.2f ms "
                            + "(service CPU in it p50 %.2f ms); new client connections "
                            + "during the measured runs %d; load average after the run %s%n", id, streams, requests, warmSeconds, jitMs,
                            p90(a[0]), p90(b[0]), p50(opening), p90(opening), p90(floor), p50(busyFloor), p50(healthCpu),
                            connections.get() - connectionsBefore, MachineCpu.loadAverage()));
                    notes.append(String.format(Locale.ROOT, "  CPU per token: in-process %.0f µs (bench process: llama.cpp "
                            + "and the reading thread); service %.0f µs (%.2f×) + its client %.0f µs%n",
                            cpu[0] / 1e3 / cpu[3], cpu[1] / 1e3 / serviceTokens, (cpu[1] / serviceTokens) / (cpu[0] / cpu[3]),
                            cpu[2] / 1e3 / serviceTokens));
                    double[] llamaA = selfTasks.busiestSums(threads, cpu[3]);
                    double[] llamaB = serviceTasks.busiestSums(threads, serviceTokens);
                    notes.append(String.format(Locale.ROOT, "  llama.cpp's threads (the %d busiest of each process) per "
                            + "token: in-process run %.0f µs, runnable but waiting %.1f µs, %.0f preemptions in all; service run %.0f µs, "
                            + "waiting %.1f µs, %.0f preemptions; every other thread's CPU per token: in-process %.0f µs, service %.0f µs"
                            + "%n    in-process: %s%n    service: %s%n", threads,
                            llamaA[0] / 1e3, llamaA[1] / 1e3, llamaA[2], llamaB[0] / 1e3, llamaB[1] / 1e3, llamaB[2],
                            llamaA[3] / 1e3, llamaB[3] / 1e3,
                            selfTasks.busiest(threads + 3, cpu[3]), serviceTasks.busiest(threads + 3, serviceTokens)));
                    // Each service stream against the in-process stream just before it: the machine's drift (this
                    // VM's speed moved 2x between runs minutes apart) cancels within a pair, not between two medians.
                    double[] pairs = new double[runs];
                    for (int i = 0; i < runs; i++) {
                        pairs[i] = b[1][i] / a[1][i];
                    }
                    notes.append(String.format(Locale.ROOT, "  throughput ratio: of the p50s %.3f; p50 of the %d per-pair "
                            + "ratios %.3f (p10 %.3f, p90 %.3f); tok/s min in-process %.1f, service %.1f; max %.1f / %.1f%n",
                            p50(b[1]) / p50(a[1]), runs, p50(pairs), p10(pairs), p90(pairs), min(a[1]), min(b[1]),
                            max(a[1]), max(b[1])));
                    double ttftA = p50(a[0]);
                    double ttftB = p50(b[0]);
                    double tpsA = p50(a[1]);
                    double tpsB = p50(b[1]);
                    boolean ok = (ttftB - ttftA) <= 5.0 && tpsB >= 0.95 * tpsA;
                    report.append(String.format(Locale.ROOT, "| %s | %.2f ms | %.2f ms | %+.2f ms | %.2f ms | %.1f | %.1f | %.3f | %.3f | %s |%n",
                            id, ttftA, ttftB, ttftB - ttftA, p50(floor), tpsA, tpsB, tpsB / tpsA, p50(pairs), ok ? "met" : "missed"));
                }
                // the in-process copy is closed; unload the service's too, so the next model has the memory
                send(http, port, bearer, "/api/" + id + "/unload", "");
            }
        }
        report.append('\n').append(notes);
        report.append("\nTTFT: request sent (or generate called) → first non-empty content. HTTP floor: a `GET /health/live` "
                + "round trip to the service (no auth, no model), the part of Δ TTFT any HTTP call pays. tok/s: tokens "
                + "after the first / time from the first to the last content. Both sides share the machine; only one "
                + "side runs at a time. ratio: service p50 / in-process p50 (the targets column, as in every earlier run); "
                + "paired ratio: the p50 of each service stream's tok/s over the in-process stream's just before it "
                + "(drift of the machine between the two sides' streams cancels within a pair).\n");
        identity.close();
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, report.toString());
        System.out.println(report);
        System.out.flush();
        // Threads nobody closes (llama.cpp's, the embedded PostgreSQL's) must not keep the JVM alive after the report.
        System.exit(0);
    }

    private static String body(String model, int maxTokens) {
        return "{\"model\":\"" + model + "\",\"stream\":true,\"temperature\":0,\"seed\":1,\"max_tokens\":" + maxTokens
                + ",\"stream_options\":{\"include_usage\":true},\"messages\":[{\"role\":\"user\","
                + "\"content\":\"Write a long story about a lighthouse.\"}]}";
    }

    /** Milliseconds of one {@code GET /health/live} round trip (no auth, no model, no database). */
    private static double health(OkHttpClient http, int port) throws IOException {
        long start = System.nanoTime();
        try (Response live = http.newCall(new Request.Builder().url("http://127.0.0.1:" + port + "/health/live").get().build())
                .execute()) {
            live.body().string();
        }
        return (System.nanoTime() - start) / 1e6;
    }

    /**
     * [TTFT ms, tokens/s, tokens] of one in-process generation. The conversation goes through the model's chat
     * template inside the timing, as a caller of the binding with a conversation (and the service, per request) must.
     */
    private static double[] inProcess(LlamaModel model, InferenceParameters chat, int maxTokens) {
        long start = System.nanoTime();
        String prompt = model.applyTemplate(chat);
        InferenceParameters params = new InferenceParameters(prompt).setNPredict(maxTokens).setTemperature(0f)
                .setTopP(1f).setTopK(0).setMinP(0f).setRepeatPenalty(1f).setSeed(1).setCachePrompt(true);
        long first = 0;
        long last = 0;
        int tokens = 0;
        LlamaIterator it = model.generate(params).iterator();
        while (it.hasNext()) {
            LlamaOutput o = it.next();
            if (!it.hasNext()) {
                break; // the closing output carries no token
            }
            tokens++;
            if (!o.text.isEmpty()) {
                last = System.nanoTime();
                if (first == 0) {
                    first = last;
                }
            }
        }
        return measures(start, first, last, tokens);
    }

    /** [TTFT ms, tokens/s, tokens, role chunk ms] of one streamed chat completion through the service. */
    private static double[] viaService(OkHttpClient http, int port, String bearer, String body) throws Exception {
        Request request = new Request.Builder().url("http://127.0.0.1:" + port + "/v1/chat/completions")
                .header("Authorization", bearer).post(RequestBody.create(body, MediaType.get("application/json"))).build();
        long start = System.nanoTime();
        long opened = 0;
        long first = 0;
        long last = 0;
        int tokens = 0;
        try (Response response = http.newCall(request).execute()) {
            if (response.code() != 200) {
                throw new IllegalStateException("service answered " + response.code() + ": " + response.body().string());
            }
            BufferedSource lines = response.body().source();
            for (String line; (line = lines.readUtf8Line()) != null; ) {
                if (!line.startsWith("data: {")) {
                    continue;
                }
                if (opened == 0) {
                    opened = System.nanoTime(); // the role chunk: the request is handled, generation starts
                }
                if (line.contains("\"usage\":{")) {
                    tokens = JSON.readTree(line.substring(6)).path("usage").path("completion_tokens").asInt();
                } else if (line.contains("\"content\":\"") && !line.contains("\"content\":\"\"")) {
                    last = System.nanoTime();
                    if (first == 0) {
                        first = last;
                    }
                }
            }
        }
        double[] m = measures(start, first, last, tokens);
        return new double[] {m[0], m[1], m[2], (opened - start) / 1e6};
    }

    private static double[] measures(long start, long first, long last, int tokens) {
        double ttft = (first - start) / 1e6;
        double seconds = (last - first) / 1e9;
        return new double[] {ttft, seconds > 0 && tokens > 1 ? (tokens - 1) / seconds : 0, tokens};
    }

    private static void send(OkHttpClient http, int port, String bearer, String path, String body) throws IOException {
        try (Response ignored = http.newCall(new Request.Builder().url("http://127.0.0.1:" + port + path)
                .header("Authorization", bearer).post(RequestBody.create(body, MediaType.get("application/json"))).build())
                .execute()) {
            // status not needed: a failed rescan or unload shows up in the measurements
        }
    }

    /** CPU nanoseconds so far of the JIT compiler threads of {@code pid}: compilation left over from the warm-up. */
    private static long jitNanos(long pid) {
        return ProcessCpu.nanos(pid) - ProcessCpu.nanosWithoutJit(pid);
    }

    private static double p90(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(0.9 * sorted.length) - 1)];
    }

    private static double p10(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.max(0, (int) Math.ceil(0.1 * sorted.length) - 1)];
    }

    private static double min(double[] values) {
        return Arrays.stream(values).min().orElse(0);
    }

    private static double max(double[] values) {
        return Arrays.stream(values).max().orElse(0);
    }

    private static double p50(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
