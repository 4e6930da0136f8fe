package dev.symbia.bench.integrations;

import dev.symbia.bench.Args;
import dev.symbia.bench.Samples;
import dev.symbia.bench.StreamClient;
import dev.symbia.bench.StreamOptions;
import dev.symbia.bench.StreamClient.Target;
import dev.symbia.bench.StreamPhase;
import dev.symbia.bench.StreamResult;
import dev.symbia.test.auth.TestIdentity;
import dev.symbia.test.postgres.TestDatabase;
import dev.symbia.test.postgres.TestPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Stream fidelity of the integrations service: how much it adds to time-to-first-token and to the
 * gaps between chunks of a streamed chat completion, and how it holds up under concurrent streams.
 *
 * <p>A local fake OpenAI-compatible provider ({@link FakeProvider}) streams with a fixed timing.
 * Every figure is measured twice in the same run — straight from the fake (the baseline) and
 * through integrations ({@code POST /v1/chat/completions}, {@code stream: true}, the fake configured
 * as SambaNova) — and reported as the difference. By default this process also starts what
 * integrations needs: a fresh PostgreSQL database ({@link TestPostgres}), a fake identity for the
 * JWKS ({@link TestIdentity}, which mints the caller's access token) and the integrations jar itself
 * as a child JVM. With {@code --url} it uses a running instance instead. Loopback only; every loop
 * is bounded in count and every stream in time. Run with {@code --help} for the options.
 */
public final class StreamFidelityBench {

    private static final String USAGE = """
            StreamFidelityBench: TTFT, inter-chunk gaps and concurrency of integrations' streaming vs a direct baseline.

              java -cp bench/target/benchmarks.jar dev.symbia.bench.integrations.StreamFidelityBench [options]

            Target (default: start integrations from its jar, with its own PostgreSQL and fake identity):
              --jar PATH             integrations executable jar     [integrations/target/integrations.jar]
              --java-opts "OPTS"     JVM options for that child      [-Xms256m -Xmx768m]
              --auth token|api-key   the caller's credential: an ES256 access token, verified by
                                     integrations on every request, or an sk_ API key (introspected
                                     once, then cached by libs/auth for 30 s)   [token]
              --vault                the provider key comes from identity's vault (INTERNAL_SERVICE_SECRET set,
                                     key stored for the caller in the fake identity), as in a deployment;
                                     default: the SAMBANOVA_API_KEY environment key, no vault lookup
              --database-url URL     PostgreSQL for the child        [a fresh embedded one (TestPostgres)]
              --url URL              use a running integrations (base URL) instead; it must have
                                     SAMBANOVA_BASE_URL=http://127.0.0.1:<--provider-port>/v1 and a SAMBANOVA_API_KEY
              --token TOKEN          bearer credential for --url (access token or sk_ API key)
            Fake provider:
              --provider-port N      port of the fake provider       [any free port]
              --chunks N             content chunks per stream       [20]
              --first-chunk-ms N     provider delay to first chunk   [100]
              --interval-ms N        provider gap between chunks     [20]
            Load (all bounded):
              --warmup N             streams per side before measuring, in waves of 20 [2000]
              --sequential N         measured sequential streams per side, interleaved [100]
              --concurrency LIST     concurrent stream bursts        [100,500,1000]
              --timeout-s N          per-stream time limit           [60]
              --out FILE             also write the report (markdown) here
              --label TEXT           what was measured, for the report (e.g. the commit)
            """;

    private StreamFidelityBench() {
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        if (options.help) {
            System.out.print(USAGE);
            return;
        }
        StringBuilder report = new StringBuilder();
        try (FakeProvider fake = new FakeProvider(options.providerPort, options.chunks,
                Duration.ofMillis(options.firstChunkMs), Duration.ofMillis(options.intervalMs));
             StreamClient client = new StreamClient(Duration.ofSeconds(options.timeoutS));
             Deployment integrations = options.url != null ? Deployment.external(options)
                     : Deployment.launch(options, fake)) {
            Target direct = Target.openAi("direct", URI.create(fake.baseUrl() + "/chat/completions"),
                    () -> "bench-provider-key", FakeProvider.MODEL);
            Target through = Target.openAi("integrations", URI.create(integrations.baseUrl() + "/v1/chat/completions"),
                    integrations.bearer(), "sambanova/" + FakeProvider.MODEL);
            header(report, options, integrations);
            run(report, options, client, direct, through, fake);
            String calls = integrations.identityCalls();
            if (calls != null) {
                report.append("\nCalls integrations made to the fake identity during the whole run: ").append(calls).append(".\n");
            }
        }
        System.out.println();
        System.out.print(report);
        if (options.out != null) {
            Path out = Path.of(options.out);
            if (out.getParent() != null) {
                Files.createDirectories(out.getParent());
            }
            Files.writeString(out, report.toString());
            System.out.println("Report written to " + out.toAbsolutePath().normalize());
        }
    }

    private static void run(StringBuilder report, Options options, StreamClient client, Target direct, Target through,
            FakeProvider fake) throws Exception {
        int expected = options.chunks;
        for (Target target : List.of(direct, through)) {
            StreamResult probe = client.stream(target);
            if (!probe.ok(expected)) {
                throw new IllegalStateException("a first stream " + target.name() + " failed: " + probe.kind(expected)
                        + (probe.failure() != null ? " — " + probe.failure() : ""));
            }
        }
        log("warm-up: %d streams per side in waves of %d", options.warmup, StreamPhase.WARMUP_WAVE);
        Map<String, Integer> warmupFailures = StreamPhase.warmUp(client, List.of(direct, through), options.warmup,
                StreamPhase.WARMUP_WAVE, expected);
        if (!warmupFailures.isEmpty()) {
            log("warm-up failures (not measured): %s", warmupFailures);
        }

        // Sequential, interleaved A/B so drift on a shared machine hits both sides alike.
        log("sequential: %d streams per side, interleaved", options.sequential);
        StreamPhase seqDirect = new StreamPhase(expected);
        StreamPhase seqThrough = new StreamPhase(expected);
        for (int i = 0; i < options.sequential; i++) {
            seqDirect.add(client.stream(direct), fake.lastExchange());
            seqThrough.add(client.stream(through), fake.lastExchange());
        }
        report.append("\n### Sequential streams (one at a time, ").append(options.sequential)
                .append(" per side, interleaved)\n\n");
        report.append("| metric | direct p50 | direct p99 | via integrations p50 | via integrations p99 | Δ p50 | Δ p99 |\n");
        report.append("|---|---:|---:|---:|---:|---:|---:|\n");
        StreamPhase.latencyRow(report, "time to first token (ms)", seqDirect.ttft, seqThrough.ttft);
        StreamPhase.latencyRow(report, "inter-chunk gap (ms)", seqDirect.gaps, seqThrough.gaps);
        StreamPhase.latencyRow(report, "whole stream to [DONE] (ms)", seqDirect.total, seqThrough.total);
        StreamPhase.latencyRow(report, "TTFT, way in: request sent → at the fake (ms)", seqDirect.wayIn, seqThrough.wayIn);
        StreamPhase.latencyRow(report, "TTFT, way back: first chunk sent → at the client (ms)", seqDirect.wayBack,
                seqThrough.wayBack);
        // The request path alone: a request refused before any provider call, same client, same count.
        Samples rejectDirect = new Samples();
        Samples rejectThrough = new Samples();
        Map<Long, Integer> statuses = new TreeMap<>();
        for (int i = 0; i < options.sequential; i++) {
            long[] d = client.rejectedRoundTrip(direct, "{\"model\":\"" + FakeProvider.MODEL + "\",\"stream\":false}");
            long[] t = client.rejectedRoundTrip(through,
                    "{\"model\":\"sambanova/" + FakeProvider.MODEL + "\",\"stream\":false}");
            rejectDirect.add(d[1]);
            rejectThrough.add(t[1]);
            statuses.merge(d[0] * 1000 + t[0], 1, Integer::sum);
        }
        StreamPhase.latencyRow(report, "refused request round trip (ms)", rejectDirect, rejectThrough);
        report.append("\nThe last row is a request refused before any provider call (no messages; statuses direct/integrations: ");
        statuses.forEach((key, n) -> report.append(key / 1000).append('/').append(key % 1000).append(" ×").append(n).append(' '));
        report.append("): the request path — for integrations, authentication and validation — without streaming.\n");
        report.append("\nErrors: direct ").append(seqDirect.errorSummary()).append("; via integrations ")
                .append(seqThrough.errorSummary()).append(".\n");

        report.append("\n### Concurrent streams (all started at once; ").append(options.timeoutS)
                .append(" s limit per stream)\n\n");
        report.append("| streams | side | ok | errors | TTFT p50 | TTFT p99 | gap p50 | gap p99 | stream p99 | wall (s) |\n");
        report.append("|---:|---|---:|---|---:|---:|---:|---:|---:|---:|\n");
        StringBuilder deltas = new StringBuilder();
        deltas.append("\nDeltas at each level (via integrations − direct, ms):\n\n");
        deltas.append("| streams | Δ TTFT p50 | Δ TTFT p99 | Δ gap p50 | Δ gap p99 | Δ stream p99 |\n");
        deltas.append("|---:|---:|---:|---:|---:|---:|\n");
        for (int level : options.concurrency) {
            log("burst of %d concurrent streams: direct", level);
            StreamPhase d = StreamPhase.burst(client, direct, level, expected);
            log("burst of %d concurrent streams: via integrations", level);
            StreamPhase t = StreamPhase.burst(client, through, level, expected);
            d.concurrencyRow(report, level, "direct");
            t.concurrencyRow(report, level, "via integrations");
            deltas.append("| ").append(level)
                    .append(" | ").append(Samples.deltaMs(t.ttft.percentile(50), d.ttft.percentile(50)))
                    .append(" | ").append(Samples.deltaMs(t.ttft.percentile(99), d.ttft.percentile(99)))
                    .append(" | ").append(Samples.deltaMs(t.gaps.percentile(50), d.gaps.percentile(50)))
                    .append(" | ").append(Samples.deltaMs(t.gaps.percentile(99), d.gaps.percentile(99)))
                    .append(" | ").append(Samples.deltaMs(t.total.percentile(99), d.total.percentile(99)))
                    .append(" |\n");
        }
        report.append(deltas);
        report.append("\nFake provider: ").append(fake.streamsServed()).append(" streams served, ")
                .append(fake.failedWrites()).append(" abandoned by their caller.\n");
    }

    private static void header(StringBuilder report, Options options, Deployment integrations) {
        report.append("## StreamFidelityBench — ")
                .append(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"))).append("\n\n");
        report.append("- Machine: ").append(Runtime.getRuntime().availableProcessors()).append(" CPUs visible to the JVM (")
                .append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.arch"))
                .append("), Java ").append(Runtime.version()).append("; client, fake provider")
                .append(options.url == null ? ", PostgreSQL and integrations" : "")
                .append(" share them.\n");
        report.append("- Fake provider: first chunk after ").append(options.firstChunkMs).append(" ms, then ")
                .append(options.chunks).append(" content chunks ").append(options.intervalMs)
                .append(" ms apart, finish chunk, usage chunk, [DONE].\n");
        report.append("- Integrations: ").append(integrations.description()).append(".\n");
        if (options.label != null) {
            report.append("- Build measured: ").append(options.label).append(".\n");
        }
        report.append("- Baseline: the same client streaming straight from the fake provider, in the same run. ")
                .append("TTFT = request sent → first non-empty content delta; gap = between consecutive content deltas. ")
                .append("Warm-up: ").append(options.warmup).append(" streams per side, in concurrent waves of ")
                .append(StreamPhase.WARMUP_WAVE).append(".\n");
    }

    static void log(String format, Object... args) {
        System.out.printf(Locale.ROOT, "[stream-fidelity] " + format + "%n", args);
    }

    /** Where integrations runs: a child JVM this process started, or a running instance. */
    abstract static class Deployment implements AutoCloseable {

        abstract String baseUrl();

        abstract Supplier<String> bearer();

        abstract String description();

        /** What integrations asked identity for, when this process plays identity; else null. */
        String identityCalls() {
            return null;
        }

        static Deployment external(Options options) {
            if (options.token == null) {
                throw new IllegalArgumentException("--url needs --token (an access token or API key it accepts)");
            }
            if (options.providerPort == 0) {
                throw new IllegalArgumentException("--url needs --provider-port (the port its SAMBANOVA_BASE_URL points at)");
            }
            String base = options.url.endsWith("/") ? options.url.substring(0, options.url.length() - 1) : options.url;
            String token = options.token;
            return new Deployment() {
                @Override
                String baseUrl() {
                    return base;
                }

                @Override
                Supplier<String> bearer() {
                    return () -> token;
                }

                @Override
                String description() {
                    return "running instance at " + base;
                }

                @Override
                public void close() {
                }
            };
        }

        static Deployment launch(Options options, FakeProvider fake) throws IOException, InterruptedException {
            return new ChildIntegrations(options, fake);
        }
    }

    /** The integrations jar in a child JVM, pointed at the fake provider, a fresh database and a fake identity. */
    static final class ChildIntegrations extends Deployment {

        private final TestIdentity identity = TestIdentity.create();
        private final Process process;
        private final int port;
        private final Path log;
        private final String javaOpts;
        private final boolean vault;
        private final String auth;
        private String apiKey;
        private String token;
        private long tokenMinted;

        ChildIntegrations(Options options, FakeProvider fake) throws IOException, InterruptedException {
            Path jar = Path.of(options.jar).toAbsolutePath().normalize();
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException("no integrations jar at " + jar
                        + " — build it: ./mvnw -B -ntp -q -pl integrations -am package -DskipTests (or pass --jar / --url)");
            }
            String databaseUrl = options.databaseUrl;
            if (databaseUrl == null) {
                System.setProperty("symbia.test.embedded-only", "true");
                log("starting an embedded PostgreSQL (TestPostgres)");
                TestDatabase database = TestPostgres.freshDatabase();
                databaseUrl = database.jdbcUrl() + "?user=" + database.username() + "&password=" + database.password();
            }
            port = freePort();
            Path work = Path.of("bench", "target", "stream-fidelity");
            if (!Files.isDirectory(Path.of("bench"))) {
                work = Path.of("target", "stream-fidelity");
            }
            Files.createDirectories(work);
            log = work.resolve("integrations.log").toAbsolutePath();
            // Run a copy: a concurrent build repackaging the original must not pull it from under the JVM.
            Path copy = work.resolve("integrations.jar").toAbsolutePath();
            Files.copy(jar, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            javaOpts = options.javaOpts;
            vault = options.vault;
            auth = options.auth;

            List<String> command = new ArrayList<>();
            command.add(ProcessHandle.current().info().command().orElse("java"));
            command.addAll(Arrays.asList(options.javaOpts.trim().split("\\s+")));
            command.add("-jar");
            command.add(copy.toString());
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            Map<String, String> env = builder.environment();
            // Nothing from the caller's shell that could point it elsewhere.
            env.keySet().removeIf(name -> name.endsWith("_API_KEY") || name.endsWith("_BASE_URL") || name.endsWith("_PORT")
                    || name.endsWith("DATABASE_URL") || name.endsWith("_SERVICE_URL") || name.startsWith("OTEL_")
                    || name.startsWith("SPRING_") || name.startsWith("SYMBIA_") || name.startsWith("INTEGRATIONS_")
                    || name.equals("PORT") || name.equals("INTERNAL_SERVICE_SECRET") || name.equals("JAVA_TOOL_OPTIONS"));
            env.put("SYMBIA_ENV", "development");
            env.put("INTEGRATIONS_PORT", String.valueOf(port));
            env.put("DATABASE_URL", databaseUrl);
            env.put("IDENTITY_SERVICE_URL", identity.url());
            env.put("SYMBIA_DEFAULT_PROVIDER", "sambanova");
            if (options.vault) {
                // Service token from the fake identity, then a vault read per call for the caller's own key.
                env.put("INTERNAL_SERVICE_SECRET", identity.serviceSecret());
                identity.credential("bench-user", "bench-org", "sambanova", "bench-provider-key");
            } else {
                env.put("SAMBANOVA_API_KEY", "bench-provider-key");
            }
            env.put("SAMBANOVA_BASE_URL", fake.baseUrl());
            env.put("SAMBANOVA_DEFAULT_MODEL", FakeProvider.MODEL);
            // The relay stays on (integrations publishes a usage event per call, fire-and-forget), but
            // towards a closed loopback port: never into a network someone else runs on this machine.
            env.put("NETWORK_SERVICE_URL", "http://127.0.0.1:" + freePort());
            // Nowhere to export to; the tracing itself stays on, as in a deployment.
            env.put("SYMBIA_TELEMETRY_EXPORT_ENABLED", "false");
            log("starting integrations: %s (log: %s)", String.join(" ", command), log);
            process = builder.start();
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "integrations-stop"));
            awaitReady();
        }

        private void awaitReady() throws InterruptedException, IOException {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            HttpRequest ready = HttpRequest.newBuilder(URI.create(baseUrl() + "/health/ready"))
                    .timeout(Duration.ofSeconds(5)).GET().build();
            long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("integrations exited with " + process.exitValue() + "; last lines of "
                            + log + ":\n" + tail());
                }
                try {
                    if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        log("integrations ready on port %d", port);
                        return;
                    }
                } catch (IOException notYet) {
                    // still starting
                }
                Thread.sleep(500);
            }
            throw new IllegalStateException("integrations not ready within 180 s; last lines of " + log + ":\n" + tail());
        }

        private String tail() {
            try {
                List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
                return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
            } catch (IOException | UncheckedIOException e) {
                return "(unreadable: " + e + ")";
            }
        }

        @Override
        String baseUrl() {
            return "http://127.0.0.1:" + port;
        }

        @Override
        String identityCalls() {
            Map<String, Integer> counts = new TreeMap<>();
            identity.requests().forEach(request -> counts.merge(request.replaceAll("/[^/?]*\\?.*$", "/…"), 1, Integer::sum));
            return counts.isEmpty() ? "none" : counts.toString();
        }

        @Override
        Supplier<String> bearer() {
            // A member of an org (integrations refuses principals without one). Minted once and renewed
            // well before its 15 min expire, so the client spends no signing work during a burst.
            if (auth.equals("api-key")) {
                return () -> {
                    synchronized (this) {
                        if (apiKey == null) {
                            apiKey = identity.user("bench-user").member("bench-org", "admin").apiKey();
                        }
                        return apiKey;
                    }
                };
            }
            return () -> {
                synchronized (this) {
                    if (token == null || System.nanoTime() - tokenMinted > Duration.ofMinutes(5).toNanos()) {
                        token = identity.user("bench-user").member("bench-org", "admin").token();
                        tokenMinted = System.nanoTime();
                    }
                    return token;
                }
            };
        }

        @Override
        String description() {
            return "child JVM `" + javaOpts + " -jar integrations.jar` (SYMBIA_ENV=development, "
                    + (vault ? "provider key from identity's vault (service token + vault read per call)"
                            : "provider key from the environment (no vault lookup)")
                    + ", telemetry export off, relay on but no network reachable), caller = user (admin of one org) with "
                    + (auth.equals("api-key") ? "an sk_ API key (introspected by integrations, then cached)"
                            : "an ES256 access token (verified by integrations on every request)") + " from TestIdentity";
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            identity.close();
        }

        private static int freePort() throws IOException {
            try (ServerSocket socket = new ServerSocket(0)) {
                return socket.getLocalPort();
            }
        }
    }

    /** Command-line options. */
    static final class Options extends StreamOptions {
        boolean vault;
        String auth = "token";
        String jar = "integrations/target/integrations.jar";
        String javaOpts = "-Xms256m -Xmx768m";
        String databaseUrl;
        String url;
        String token;
        int providerPort;

        static Options parse(String[] args) {
            Args a = Args.parse(args, "vault");
            Options o = new Options();
            o.read(a);
            o.vault = a.flag("vault");
            o.jar = a.string("jar", o.jar);
            o.javaOpts = a.string("java-opts", o.javaOpts);
            o.databaseUrl = a.string("database-url", null);
            o.url = a.string("url", null);
            o.token = a.string("token", null);
            o.providerPort = a.integer("provider-port", 0, 0, 65535);
            o.auth = a.string("auth", o.auth);
            if (!o.auth.equals("token") && !o.auth.equals("api-key")) {
                throw new IllegalArgumentException("--auth is token or api-key");
            }
            a.rejectUnknown();
            return o;
        }
    }
}
