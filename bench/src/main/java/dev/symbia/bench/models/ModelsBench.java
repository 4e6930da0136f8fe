package dev.symbia.bench.models;

import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaIterator;
import de.kherud.llama.LlamaModel;
import de.kherud.llama.LlamaOutput;
import de.kherud.llama.ModelParameters;
import de.kherud.llama.Pair;
import dev.symbia.bench.Args;
import dev.symbia.bench.ServiceProcess;
import dev.symbia.models.TinyGguf;
import dev.symbia.test.auth.TestIdentity;
import dev.symbia.test.postgres.TestDatabase;
import dev.symbia.test.postgres.TestPostgres;
import java.io.IOException;
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

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Context window on both sides (the service caps it by a model's trained context; 2048 is the tiny model's). */
    private static final int CONTEXT = 2048;
    private static final String USAGE = """
            ModelsBench: the models service vs the binding in-process (TTFT, tokens/s)
              --jar PATH            models service jar            [models/target/models.jar]
              --models-path DIR     more GGUF files to measure     [none: only the generated tiny model]
              --runs N              measured streams per side      [20]
              --warmup N            warm-up streams per side       [5]
              --max-tokens N        tokens per reply               [64]
              --threads N           llama.cpp threads (both sides) [2]
              --database-url URL    PostgreSQL for the service     [a fresh embedded one (TestPostgres)]
              --out FILE            report                         [bench/results/<date>-models.md]
            """;

    private ModelsBench() {
    }

    public static void main(String[] argv) throws Exception {
        Args args = Args.parse(argv, "help");
        if (args.help()) {
            System.out.println(USAGE);
            return;
        }
        Path jar = Path.of(args.string("jar", "models/target/models.jar"));
        String extra = args.string("models-path", null);
        int runs = args.integer("runs", 20, 1, 10_000);
        int warmup = args.integer("warmup", 5, 0, 10_000);
        int maxTokens = args.integer("max-tokens", 64, 1, 4096);
        int threads = args.integer("threads", 2, 1, 256);
        String databaseUrl = args.string("database-url", null);
        Path out = Path.of(args.string("out", "bench/results/" + LocalDate.now() + "-models.md"));
        args.rejectUnknown();

        Path work = Path.of("bench/target/models-bench").toAbsolutePath();
        Path dir = work.resolve("models");
        Files.createDirectories(dir);
        TinyGguf.write(dir.resolve("bench-tiny.gguf"), 42);
        List<Path> models = new ArrayList<>(List.of(dir.resolve("bench-tiny.gguf")));
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

        StringBuilder report = new StringBuilder("# models: service vs in-process\n\n")
                .append(String.format(Locale.ROOT, "runs %d (+%d warm-up) per side, interleaved; max_tokens %d; "
                        + "threads %d; temperature 0, seed 1; cores %d%n%n", runs, warmup, maxTokens, threads,
                        Runtime.getRuntime().availableProcessors()))
                .append("| model | TTFT in-process p50 | TTFT service p50 | Δ TTFT | HTTP floor p50 | tok/s in-process p50 | "
                        + "tok/s service p50 | ratio | targets |\n|---|---|---|---|---|---|---|---|---|\n");
        try (ServiceProcess service = ServiceProcess.jar("models", jar, "-Xms256m -Xmx1g", env, null, work)) {
            service.awaitReady(URI.create("http://127.0.0.1:" + port + "/health/ready"));
            OkHttpClient http = new OkHttpClient.Builder().readTimeout(5, TimeUnit.MINUTES).build();
            for (Path model : models) {
                String id = model.getFileName().toString().replaceFirst("(?i)\\.gguf$", "").toLowerCase(Locale.ROOT)
                        .replaceAll("[^a-z0-9-]", "-");
                List<Pair<String, String>> turns = List.of(new Pair<>("user", "Write a long story about a lighthouse."));
                String body = "{\"model\":\"" + id + "\",\"stream\":true,\"temperature\":0,\"seed\":1,\"max_tokens\":"
                        + maxTokens + ",\"stream_options\":{\"include_usage\":true},\"messages\":[{\"role\":\"user\","
                        + "\"content\":\"Write a long story about a lighthouse.\"}]}";
                send(http, port, bearer, "/api/rescan", ""); // a model added to the directory since start
                try (LlamaModel local = new LlamaModel(new ModelParameters().setModel(model.toString())
                        .setCtxSize(CONTEXT).setThreads(threads)
                        .setThreadsBatch(threads).setParallel(1).enableJinja())) {
                    String prompt = local.applyTemplate(new InferenceParameters("").setMessages(null, turns));
                    double[][] a = new double[2][runs];
                    double[][] b = new double[2][runs];
                    double[] floor = new double[runs];
                    for (int i = -warmup; i < runs; i++) {
                        double[] inProcess = inProcess(local, prompt, maxTokens);
                        double[] viaService = viaService(http, port, bearer, body);
                        long f0 = System.nanoTime();
                        try (Response live = http.newCall(new Request.Builder()
                                .url("http://127.0.0.1:" + port + "/health/live").get().build()).execute()) {
                            live.body().string();
                        }
                        if (i >= 0) {
                            floor[i] = (System.nanoTime() - f0) / 1e6;
                            a[0][i] = inProcess[0];
                            a[1][i] = inProcess[1];
                            b[0][i] = viaService[0];
                            b[1][i] = viaService[1];
                        }
                    }
                    double ttftA = p50(a[0]);
                    double ttftB = p50(b[0]);
                    double tpsA = p50(a[1]);
                    double tpsB = p50(b[1]);
                    boolean ok = (ttftB - ttftA) <= 5.0 && tpsB >= 0.95 * tpsA;
                    report.append(String.format(Locale.ROOT, "| %s | %.2f ms | %.2f ms | %+.2f ms | %.2f ms | %.1f | %.1f | %.3f | %s |%n",
                            id, ttftA, ttftB, ttftB - ttftA, p50(floor), tpsA, tpsB, tpsB / tpsA, ok ? "met" : "missed"));
                }
                // the in-process copy is closed; unload the service's too, so the next model has the memory
                send(http, port, bearer, "/api/" + id + "/unload", "");
            }
        }
        report.append("\nTTFT: request sent (or generate called) → first non-empty content. HTTP floor: a `GET /health/live` "
                + "round trip to the service (no auth, no model), the part of Δ TTFT any HTTP call pays. tok/s: tokens "
                + "after the first / time from the first to the last content. Both sides share the machine; only one "
                + "side runs at a time.\n");
        identity.close();
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, report.toString());
        System.out.println(report);
        System.out.flush();
        // Threads nobody closes (llama.cpp's, the embedded PostgreSQL's) must not keep the JVM alive after the report.
        System.exit(0);
    }

    /** [TTFT ms, tokens/s] of one in-process generation. */
    private static double[] inProcess(LlamaModel model, String prompt, int maxTokens) {
        InferenceParameters params = new InferenceParameters(prompt).setNPredict(maxTokens).setTemperature(0f)
                .setTopP(1f).setTopK(0).setMinP(0f).setRepeatPenalty(1f).setSeed(1).setCachePrompt(true);
        long start = System.nanoTime();
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

    /** [TTFT ms, tokens/s] of one streamed chat completion through the service. */
    private static double[] viaService(OkHttpClient http, int port, String bearer, String body) throws Exception {
        Request request = new Request.Builder().url("http://127.0.0.1:" + port + "/v1/chat/completions")
                .header("Authorization", bearer).post(RequestBody.create(body, MediaType.get("application/json"))).build();
        long start = System.nanoTime();
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
        return measures(start, first, last, tokens);
    }

    private static double[] measures(long start, long first, long last, int tokens) {
        double ttft = (first - start) / 1e6;
        double seconds = (last - first) / 1e9;
        return new double[] {ttft, seconds > 0 && tokens > 1 ? (tokens - 1) / seconds : 0};
    }

    private static void send(OkHttpClient http, int port, String bearer, String path, String body) throws IOException {
        try (Response ignored = http.newCall(new Request.Builder().url("http://127.0.0.1:" + port + path)
                .header("Authorization", bearer).post(RequestBody.create(body, MediaType.get("application/json"))).build())
                .execute()) {
            // status not needed: a failed rescan or unload shows up in the measurements
        }
    }

    private static double p50(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
