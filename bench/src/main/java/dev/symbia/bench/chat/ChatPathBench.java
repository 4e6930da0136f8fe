package dev.symbia.bench.chat;

import dev.symbia.bench.Args;
import dev.symbia.bench.Samples;
import dev.symbia.bench.StreamClient;
import dev.symbia.bench.StreamOptions;
import dev.symbia.bench.StreamClient.Target;
import dev.symbia.bench.StreamPhase;
import dev.symbia.bench.StreamResult;
import dev.symbia.auth.AuthUnavailableException;
import dev.symbia.auth.ServiceTokens;
import dev.symbia.bench.integrations.FakeProvider;
import dev.symbia.bench.MachineCpu;
import dev.symbia.bench.ProcessCpu;
import dev.symbia.bench.stack.Stack;
import dev.symbia.bench.stack.StackReport;
import dev.symbia.bench.stack.StackUser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The platform's headline chat path end to end: {@code POST /api/messaging/send} through the gateway →
 * messaging → integrations → a fake OpenAI-compatible provider, against streaming straight from the
 * same fake ({@link FakeProvider}, fixed timing) in the same run.
 *
 * <p>Starts the fake, then an isolated stack with {@code ./start.sh --detach --yes} (its own
 * {@code SYMBIA_HOME} under {@code bench/target/chat-path/}, free ports, the fake as SambaNova),
 * registers one user and reuses its token; measures sequential TTFT and chunk gaps (interleaved A/B),
 * then bursts of concurrent streams, then the stack's resident memory and per-service heap; stops the
 * stack at the end, also on failure. Every wait is bounded. Run with {@code --help} for the options.
 */
public final class ChatPathBench {

    private static final String USAGE = """
            ChatPathBench: POST /api/messaging/send (gateway → messaging → integrations → fake provider) vs direct.

              java -cp bench/target/benchmarks.jar dev.symbia.bench.chat.ChatPathBench [options]

              --no-build             pass --no-build to start.sh (use the service jars as they are)
              --chunks N             content chunks per stream       [20]
              --first-chunk-ms N     provider delay to first chunk   [100]
              --interval-ms N        provider gap between chunks     [20]
              --warmup N             streams per side before measuring, in waves of 20 [2000]
              --sequential N         measured sequential streams per side, interleaved [100]
              --concurrency LIST     concurrent stream bursts        [100,500,1000]
              --cpu-turns N          turns via the gateway for CPU per turn, in waves [400]
              --cpu-wave N           concurrent turns per wave of that phase [20]
              --timeout-s N          per-stream time limit           [60]
              --out FILE             also write the report (markdown) here
              --label TEXT           what was measured, for the report
              --jvm-opts TEXT        SYMBIA_JAVA_OPTS of every service [full tiered JIT,
                                     SerialGC, 64-256 MB heaps]
            """;

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String POSTGRES_SERVER = Stack.POSTGRES_SERVER;

    private ChatPathBench() {
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        if (options.help) {
            System.out.print(USAGE);
            return;
        }
        String loadBefore = MachineCpu.loadAverage();
        StringBuilder report = new StringBuilder();
        int exit = 0;
        try (FakeProvider fake = new FakeProvider(0, options.chunks, Duration.ofMillis(options.firstChunkMs),
                Duration.ofMillis(options.intervalMs));
             StreamClient client = new StreamClient(Duration.ofSeconds(options.timeoutS));
             Stack stack = Stack.start("chat-path", options.noBuild, options.jvmOpts, fake)) {
            StackUser user = StackUser.register(stack.gatewayUrl(), "chat-bench");
            Target direct = Target.openAi("direct", URI.create(fake.baseUrl() + "/chat/completions"),
                    () -> "bench-provider-key", FakeProvider.MODEL);
            Target through = Target.chat("via gateway", URI.create(stack.gatewayUrl() + "/api/messaging/send"), user::token);
            // The same path entered one hop further in, so the report can say what each hop adds.
            List<Target> hops = List.of(
                    Target.openAi("integrations", URI.create(stack.serviceUrl("integrations") + "/v1/chat/completions"),
                            user::token, "sambanova/" + FakeProvider.MODEL),
                    Target.chat("messaging", URI.create(stack.serviceUrl("messaging") + "/api/send"), user::token));
            Map<String, Long> rssAtStart = stack.rss();
            int backendsAtStart = stack.backends();
            header(report, options, loadBefore, stack);
            exit = StackReport.measure(report, () -> run(report, options, client, direct, through, hops, fake, stack));
            memory(report, stack, rssAtStart, backendsAtStart);
            StackReport.footer(report, stack);
        } catch (Exception e) {
            StackReport.failedBeforeMeasuring(report, options.out, e);
            throw e;
        }
        StackReport.publish(report, options.out);
        System.exit(exit);
    }

    // ------------------------------------------------------------------------------------------
    // Measurement

    private static void run(StringBuilder report, Options options, StreamClient client, Target direct, Target through,
            List<Target> hops, FakeProvider fake, Stack stack) throws Exception {
        int expected = options.chunks;
        for (Target target : List.of(direct, through)) {
            StreamResult probe = client.stream(target);
            if (!probe.ok(expected)) {
                throw new IllegalStateException("a first stream " + target.name() + " failed: " + probe.kind(expected)
                        + (probe.failure() != null ? " — " + probe.failure() : ""));
            }
        }
        log("warm-up: %d streams per side in waves of %d", options.warmup, StreamPhase.WARMUP_WAVE);
        List<Target> all = new ArrayList<>();
        all.add(direct);
        all.addAll(hops);
        all.add(through);
        Map<String, Integer> warmupFailures = StreamPhase.warmUp(client, all, options.warmup,
                StreamPhase.WARMUP_WAVE, expected);
        if (!warmupFailures.isEmpty()) {
            log("warm-up failures (not measured): %s", warmupFailures);
        }

        log("sequential: %d streams per side, interleaved", options.sequential);
        Map<Target, StreamPhase> sequential = new LinkedHashMap<>();
        all.forEach(target -> sequential.put(target, new StreamPhase(expected)));
        for (int i = 0; i < options.sequential; i++) {
            for (Target target : all) {
                sequential.get(target).add(client.stream(target), fake.lastExchange());
            }
        }
        StreamPhase seqDirect = sequential.get(direct);
        StreamPhase seqThrough = sequential.get(through);
        report.append("\n### Sequential streams (one at a time, ").append(options.sequential)
                .append(" per side, interleaved)\n\n");
        report.append("| metric | direct p50 | direct p99 | via gateway→messaging p50 | via gateway→messaging p99 | Δ p50 | Δ p99 |\n");
        report.append("|---|---:|---:|---:|---:|---:|---:|\n");
        StreamPhase.latencyRow(report, "time to first token (ms)", seqDirect.ttft, seqThrough.ttft);
        StreamPhase.latencyRow(report, "inter-chunk gap (ms)", seqDirect.gaps, seqThrough.gaps);
        StreamPhase.latencyRow(report, "whole stream to last frame (ms)", seqDirect.total, seqThrough.total);
        StreamPhase.latencyRow(report, "TTFT, way in: request sent → at the fake (ms)", seqDirect.wayIn, seqThrough.wayIn);
        StreamPhase.latencyRow(report, "TTFT, way back: first chunk sent → at the client (ms)", seqDirect.wayBack,
                seqThrough.wayBack);
        report.append("\nErrors: direct ").append(seqDirect.errorSummary()).append("; via gateway ")
                .append(seqThrough.errorSummary()).append(".\n");
        double d50 = seqThrough.ttft.percentile(50) - seqDirect.ttft.percentile(50);
        double d99 = seqThrough.ttft.percentile(99) - seqDirect.ttft.percentile(99);
        report.append("\nTargets (issue): TTFT overhead p50 ≤ 10 ms → **").append(Samples.deltaMs(d50, 0))
                .append(" ms, ").append(verdict(d50, 10)).append("**; p99 ≤ 30 ms → **").append(Samples.deltaMs(d99, 0))
                .append(" ms, ").append(verdict(d99, 30)).append("**.\n");

        hopTable(report, all, sequential);
        cpuPerTurn(report, options, client, through, stack);

        report.append("\n### Concurrent streams (all started at once; ").append(options.timeoutS)
                .append(" s limit per stream)\n\n");
        report.append("| streams | side | ok | errors | TTFT p50 | TTFT p99 | gap p50 | gap p99 | stream p99 | wall (s) |\n");
        report.append("|---:|---|---:|---|---:|---:|---:|---:|---:|---:|\n");
        StringBuilder deltas = new StringBuilder();
        deltas.append("\nDeltas at each level (via gateway − direct, ms):\n\n");
        deltas.append("| streams | Δ TTFT p50 | Δ TTFT p99 | Δ gap p50 | Δ gap p99 | Δ stream p99 |\n");
        deltas.append("|---:|---:|---:|---:|---:|---:|\n");
        for (int level : options.concurrency) {
            log("burst of %d concurrent streams: direct", level);
            StreamPhase d = StreamPhase.burst(client, direct, level, expected);
            log("burst of %d concurrent streams: via gateway (%d ok, %s)", level, d.ok(), d.errorSummary());
            StreamPhase t = StreamPhase.burst(client, through, level, expected);
            log("  via gateway: %d/%d ok, errors %s", t.ok(), t.count(), t.errorSummary());
            d.concurrencyRow(report, level, "direct");
            t.concurrencyRow(report, level, "via gateway");
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

    /**
     * CPU per chat turn across every process of the stack (issue 26): {@code --cpu-turns} turns through the gateway
     * in waves of {@code --cpu-wave}, with each process's CPU time (from {@code /proc}) read before and after. Only
     * the stack's processes count; this JVM (client and fake provider) is shown apart.
     */
    private static void cpuPerTurn(StringBuilder report, Options options, StreamClient client, Target through, Stack stack)
            throws Exception {
        if (options.cpuTurns <= 0) {
            return;
        }
        log("CPU per turn: %d turns via the gateway in waves of %d", options.cpuTurns, options.cpuWave);
        Map<String, Long> before = stack.cpuNanos();
        Map<String, Long> jitBefore = jitNanos(stack);
        long selfBefore = ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
        long started = System.nanoTime();
        Map<String, Integer> failures = StreamPhase.warmUp(client, List.of(through), options.cpuTurns, options.cpuWave,
                options.chunks);
        long wall = System.nanoTime() - started;
        Map<String, Long> after = stack.cpuNanos();
        Map<String, Long> jitAfter = jitNanos(stack);
        long self = ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(0L) - selfBefore;
        int failed = failures.values().stream().mapToInt(Integer::intValue).sum();
        int turns = options.cpuTurns - failed;
        report.append("\n### CPU per chat turn, across the stack's processes\n\n");
        report.append(turns).append(" turns via the gateway (`POST /api/messaging/send`, a new conversation each) in waves of ")
                .append(options.cpuWave).append(" concurrent, ").append(String.format(Locale.ROOT, "%.1f", wall / 1e9))
                .append(" s; failures: ").append(failures.isEmpty() ? "none" : failures).append(".\n\n");
        long total = Stack.cpuTable(report, before, after, turns, "turn");
        report.append("| (this JVM: client + fake provider, not counted) | ")
                .append(String.format(Locale.ROOT, "%.2f", self / 1e6 / Math.max(1, turns))).append(" | |\n");
        jitLine(report, jitBefore, jitAfter, total, turns);
        report.append("\nTarget (issue 26): ≤ 6 ms per turn across all processes → **")
                .append(String.format(Locale.ROOT, "%.2f", total / 1e6 / Math.max(1, turns))).append(" ms, ")
                .append(total / 1e6 / Math.max(1, turns) <= 6 ? "met" : "missed").append("**. Sustained turns/s this ")
                .append("costs on ").append(Runtime.getRuntime().availableProcessors()).append(" CPUs: ≤ ")
                .append(String.format(Locale.ROOT, "%.0f", Runtime.getRuntime().availableProcessors() * 1e9 * Math.max(1, turns) / Math.max(1, total)))
                .append(".\n");
    }

    /**
     * CPU ns so far of the JIT's compiler threads of each of the stack's JVMs (by {@code -Dsymbia.process}), from their
     * threads' schedstat: compiling is warm-up, not a turn's work, yet a 200-turn phase still caught C2 compiling.
     * Live threads only (HotSpot may retire an idle compiler thread, and its time with it).
     */
    private static Map<String, Long> jitNanos(Stack stack) {
        Map<String, Long> out = new TreeMap<>();
        String marker = "-Dsymbia.home=" + stack.home();
        for (ProcessHandle process : ProcessHandle.allProcesses().toList()) {
            String cmd;
            try {
                cmd = new String(Files.readAllBytes(Path.of("/proc", process.pid() + "", "cmdline")),
                        StandardCharsets.UTF_8).replace('\0', ' ');
            } catch (IOException | RuntimeException gone) {
                continue;
            }
            int at = cmd.indexOf("-Dsymbia.process=");
            if (!cmd.contains(marker) || at < 0) {
                continue;
            }
            long all = ProcessCpu.nanos(process.pid());
            long withoutJit = ProcessCpu.nanosWithoutJit(process.pid());
            if (all >= 0 && withoutJit >= 0) {
                out.merge(cmd.substring(at + 17).split(" ", 2)[0], Math.max(0, all - withoutJit), Long::sum);
            }
        }
        return out;
    }

    /** Which part of the CPU per turn the JIT's compiler threads took, per process and in all. */
    private static void jitLine(StringBuilder report, Map<String, Long> before, Map<String, Long> after, long total,
            int turns) {
        long jit = 0;
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, Long> entry : after.entrySet()) {
            long used = entry.getValue() - before.getOrDefault(entry.getKey(), 0L);
            jit += Math.max(0, used);
            if (used / 1e6 / Math.max(1, turns) >= 0.05) {
                parts.add(entry.getKey() + " " + String.format(Locale.ROOT, "%.2f", used / 1e6 / Math.max(1, turns)));
            }
        }
        report.append("\nOf that, the JIT's compiler threads (warm-up, not a turn's work): ")
                .append(String.format(Locale.ROOT, "%.2f", jit / 1e6 / Math.max(1, turns))).append(" ms per turn")
                .append(parts.isEmpty() ? "" : " (" + String.join(", ", parts) + ")")
                .append("; the stack without them: ")
                .append(String.format(Locale.ROOT, "%.2f", (total - jit) / 1e6 / Math.max(1, turns))).append(" ms per turn.\n");
    }

    /** Where the overhead goes: the same sequential streams entered at each hop, each against the one before. */
    private static void hopTable(StringBuilder report, List<Target> hops, Map<Target, StreamPhase> phases) {
        report.append("\n#### Per hop (same run, interleaved with the above: the path entered one hop further in)\n\n");
        report.append("| entered at | TTFT p50 | TTFT p99 | added by this hop p50 | added p99 | way in p50 (added) "
                + "| way back p50 (added) | errors |\n");
        report.append("|---|---:|---:|---:|---:|---:|---:|---|\n");
        StreamPhase previous = null;
        for (Target hop : hops) {
            StreamPhase phase = phases.get(hop);
            report.append("| ").append(hop.name())
                    .append(" | ").append(Samples.ms(phase.ttft.percentile(50)))
                    .append(" | ").append(Samples.ms(phase.ttft.percentile(99)))
                    .append(" | ").append(added(phase.ttft, previous == null ? null : previous.ttft, 50))
                    .append(" | ").append(added(phase.ttft, previous == null ? null : previous.ttft, 99))
                    .append(" | ").append(Samples.ms(phase.wayIn.percentile(50))).append(" (")
                    .append(added(phase.wayIn, previous == null ? null : previous.wayIn, 50)).append(")")
                    .append(" | ").append(Samples.ms(phase.wayBack.percentile(50))).append(" (")
                    .append(added(phase.wayBack, previous == null ? null : previous.wayBack, 50)).append(")")
                    .append(" | ").append(phase.errorSummary()).append(" |\n");
            previous = phase;
        }
    }

    private static String added(Samples hop, Samples before, int percentile) {
        return before == null ? "–" : Samples.deltaMs(hop.percentile(percentile), before.percentile(percentile));
    }

    private static String verdict(double deltaNanos, double targetMs) {
        if (Double.isNaN(deltaNanos)) {
            return "not measured";
        }
        return deltaNanos / 1e6 <= targetMs ? "met" : "missed";
    }

    // ------------------------------------------------------------------------------------------
    // Memory

    private static void memory(StringBuilder report, Stack stack, Map<String, Long> rssAtStart, int backendsAtStart) {
        Map<String, Long> rss = stack.rss();
        report.append("\n### Memory of the stack (after the runs)\n\n");
        report.append("| process | RSS at ready (MB) | RSS after the runs (MB) | heap used after the runs (MB) |\n");
        report.append("|---|---:|---:|---:|\n");
        long totalStart = 0;
        long totalEnd = 0;
        double heapTotal = 0;
        boolean anyHeap = false;
        List<String> names = new ArrayList<>(rss.keySet());
        rssAtStart.keySet().forEach(name -> {
            if (!names.contains(name)) {
                names.add(name);
            }
        });
        for (String name : names) {
            long before = rssAtStart.getOrDefault(name, 0L);
            long after = rss.getOrDefault(name, 0L);
            totalStart += before;
            totalEnd += after;
            String heap = "–";
            if (name.equals(POSTGRES_SERVER)) {
                name = "postgres server + backends (" + backendsAtStart + " → " + stack.backends() + ")";
            } else if (name.equals("gateway")) {
                heap = "– (no metrics endpoint)";
            } else if (!name.startsWith("postgres")) {
                double h = stack.heapUsed(name);
                if (!Double.isNaN(h)) {
                    heap = String.format(Locale.ROOT, "%.1f", h / 1048576.0);
                    heapTotal += h;
                    anyHeap = true;
                }
            }
            report.append("| ").append(name).append(" | ").append(mb(before)).append(" | ").append(mb(after))
                    .append(" | ").append(heap).append(" |\n");
        }
        report.append("| **total** | **").append(mb(totalStart)).append("** | **").append(mb(totalEnd)).append("** | **")
                .append(anyHeap ? String.format(Locale.ROOT, "%.1f", heapTotal / 1048576.0) : "–").append("** |\n");
        report.append("\nRSS = sum of VmRSS from /proc/<pid>/status of the java processes whose command line carries ")
                .append("`-Dsymbia.home=<this run's home>`, plus the PostgreSQL server and all its backends (their shared ")
                .append("buffers are counted once per process that touched them, so the postgres figure is an upper bound). ")
                .append("Heap = `jvm_memory_used_bytes{area=\"heap\"}` summed, from each service's own ")
                .append("`/actuator/prometheus` with a service token minted at identity from the stack's `INTERNAL_SERVICE_SECRET`; the gateway serves only health ")
                .append("(its metrics go out over OTLP), so its heap is not read.\n");
    }

    private static String mb(long kb) {
        return String.format(Locale.ROOT, "%.0f", kb / 1024.0);
    }

    // ------------------------------------------------------------------------------------------
    // Report helpers

    private static void header(StringBuilder report, Options options, String loadBefore, Stack stack) {
        report.append("## ChatPathBench — ")
                .append(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"))).append("\n\n");
        report.append("- Machine: ").append(Runtime.getRuntime().availableProcessors()).append(" CPUs visible to the JVM (")
                .append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.arch"))
                .append("), Java ").append(Runtime.version())
                .append("; client, fake provider, PostgreSQL, the nine services and the gateway share them. ")
                .append("Load average before the run: ").append(loadBefore).append(".\n");
        report.append("- Fake provider: first chunk after ").append(options.firstChunkMs).append(" ms, then ")
                .append(options.chunks).append(" content chunks ").append(options.intervalMs)
                .append(" ms apart, finish chunk, usage chunk, [DONE].\n");
        report.append("- Stack: `./start.sh --detach --yes").append(options.noBuild ? " --no-build" : "")
                .append("` with SYMBIA_JAVA_OPTS=\"").append(options.jvmOpts)
                .append("\" (the images' full tiered JIT; start.sh's own default is C1-only for quick starts), ")
                .append("SYMBIA_CDS=off, SYMBIA_HOME=").append(stack.home())
                .append(", gateway on :").append(stack.ports().get("gateway"))
                .append(", SambaNova = the fake (SYMBIA_DEFAULT_PROVIDER=sambanova). One registered user (org admin), ")
                .append("its access token reused by every stream; each send starts a new conversation. The gateway's ")
                .append("per-principal rate limit is raised (GATEWAY_RATE_LIMIT_CAPACITY and _REFILL_PER_SECOND 100000): ")
                .append("the one bench user stands for many users; the limiter still runs on every request.\n");
        if (options.label != null) {
            report.append("- Build measured: ").append(options.label).append(".\n");
        }
        report.append("- Measured path: `POST /api/messaging/send {\"content\":…}` on the gateway → messaging → ")
                .append("integrations `/api/internal/execute` → fake; frames `data: {\"content\":…}`, final `{\"done\":true}`.\n");
        report.append("- Baseline: the same client streaming straight from the fake provider (`/v1/chat/completions`), ")
                .append("in the same run. TTFT = request sent → first non-empty content delta; gap = between consecutive ")
                .append("content deltas. Warm-up: ").append(options.warmup).append(" streams per side, in concurrent waves of ")
                .append(StreamPhase.WARMUP_WAVE).append(".\n");
    }

    static void log(String format, Object... args) {
        System.out.printf(Locale.ROOT, "[chat-path] " + format + "%n", args);
    }


    // ------------------------------------------------------------------------------------------

    /** Command-line options. */
    static final class Options extends StreamOptions {
        boolean noBuild;
        /** The container image's JIT (full tiered, as the image's exec-form entrypoint runs it), small fixed heaps. */
        String jvmOpts = Stack.DEPLOYED_JVM_OPTS;
        int cpuTurns = 400;
        int cpuWave = 20;

        static Options parse(String[] args) {
            Args a = Args.parse(args, "no-build");
            Options o = new Options();
            o.read(a);
            o.noBuild = a.flag("no-build");
            o.jvmOpts = a.string("jvm-opts", o.jvmOpts);
            o.cpuTurns = a.integer("cpu-turns", o.cpuTurns, 0, 1_000_000);
            o.cpuWave = a.integer("cpu-wave", o.cpuWave, 1, 1000);
            a.rejectUnknown();
            return o;
        }
    }
}
