package dev.symbia.bench.network;

import dev.symbia.bench.Args;
import dev.symbia.bench.MachineCpu;
import dev.symbia.bench.PostgresCpu;
import dev.symbia.bench.Samples;
import dev.symbia.bench.ServiceProcess;
import dev.symbia.bench.network.Flights.Phase;
import dev.symbia.bench.relay.Envelopes;
import dev.symbia.relay.Boundary;
import dev.symbia.relay.Envelope;
import dev.symbia.relay.EnvelopeCodec;
import dev.symbia.relay.EnvelopeRejectedException;
import dev.symbia.relay.EnvelopeSigner;
import dev.symbia.relay.EnvelopeVerifier;
import dev.symbia.test.auth.TestIdentity;
import dev.symbia.test.postgres.TestDatabase;
import dev.symbia.test.postgres.TestPostgres;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import okhttp3.OkHttpClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Routing latency and throughput of the network service on one core.
 *
 * <p>This process starts a fresh PostgreSQL ({@link TestPostgres}), a fake identity
 * ({@link TestIdentity}: JWKS and every principal's token), the network's executable jar as a child
 * JVM pinned to one CPU with {@code taskset}, and — as the baseline — {@link EchoRelay}, a bare relay
 * on the same server stack, pinned to the same CPU. Against each, a receiver node holds a live
 * socket and sender nodes publish signed envelopes (libs/relay's {@link EnvelopeSigner}, as
 * {@code RelayClient} builds them) that a contract routes to the receiver; the network persists
 * every event and trace (its default, DB-backed history). Measured: publish → delivered at the
 * receiver and publish → ack at a fixed, modest rate (open loop, interleaved rounds), then the
 * sustained events/s of a closed loop with a bounded number in flight per sender. Loopback only;
 * every phase is bounded in time. Run with {@code --help} for the options.
 */
public final class NetworkRoutingBench {

    private static final String USAGE = """
            NetworkRoutingBench: network routing latency p50/p99 and events/s on one core, against a bare relay.

              java -cp bench/target/benchmarks.jar dev.symbia.bench.network.NetworkRoutingBench [options]

            Setup (a fresh embedded PostgreSQL, a fake identity, network and the baseline as child JVMs):
              --jar PATH            network executable jar               [network/target/network.jar]
              --java-opts "OPTS"    JVM options of both children         [-Xms256m -Xmx768m]
              --cpu LIST            CPU(s) both children are pinned to   [the first CPU this process may use]
              --client-cpus LIST    pin this JVM and its PostgreSQL here, or "none"  [every other CPU]
              --database-url URL    PostgreSQL for the network           [a fresh embedded one (TestPostgres)]
            Load (all bounded):
              --size small|large    event data: a chat line (~0.5 KB envelope) or a long reply (~8 KB)  [small]
              --warmup-s N          closed-loop warm-up per side, seconds [10]
              --rate N              fixed publish rate of the latency phase, events/s [100]
              --events N            events per side in the latency phase  [3000]
              --rounds N            latency phase split into N interleaved rounds per side [4]
              --senders LIST        sender nodes of each throughput level [1,4]
              --window N            events in flight per sender (closed loop) [32]
              --duration-s N        measured seconds per throughput run (after a 2 s ramp-up) [10]
              --repeats N           throughput runs per level and side, alternating; the median is reported [3]
              --jfr                 record a JFR profile of the network child (profile settings, Java samples every
                                    10 ms) into bench/target/network-routing/network.jfr; the echo relay is not recorded
              --out FILE            also write the report (markdown) here
              --label TEXT          what was measured, for the report (e.g. the commit)
            """;

    private static final String TYPE = "bench.message";
    private static final String RECEIVER = "bench-receiver";
    private static final Duration RAMP = Duration.ofSeconds(2);
    private static final Duration DRAIN = Duration.ofSeconds(30);

    private final Options options;
    private final EnvelopeCodec codec = new EnvelopeCodec();
    private final JsonMapper mapper = codec.mapper();
    private final EnvelopeSigner signer;
    private final EnvelopeVerifier verifier;
    private final Flights flights = new Flights();
    private final AtomicLong badDeliveries = new AtomicLong();
    private final JsonNode data;
    private final int envelopeBytes;
    /** Checks deliveries off the receiver's reader thread, so they never delay the next frame's stamp. */
    private final java.util.concurrent.ExecutorService checks = Executors.newSingleThreadExecutor();
    private List<Integer> pinned;
    /** The CPUs this JVM and PostgreSQL are pinned to, or null. */
    private List<Integer> clientSide;

    private NetworkRoutingBench(Options options, byte[] secret) {
        this.options = options;
        this.signer = new EnvelopeSigner(secret, codec);
        this.verifier = new EnvelopeVerifier(signer, Duration.ofMinutes(5), Clock.systemUTC());
        this.data = Envelopes.messageNew(codec, options.size, Instant.now()).data();
        this.envelopeBytes = codec.write(envelope("bench-sender-1")).getBytes(StandardCharsets.UTF_8).length;
    }

    public static void main(String[] args) throws Exception {
        Args parsed = Args.parse(args, "jfr");
        if (parsed.help()) {
            System.out.print(USAGE);
            return;
        }
        Options options = Options.from(parsed);
        // The shared secret as an operator would set it: random, at least 32 characters.
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        String secret = HexFormat.of().formatHex(random);
        String report = new NetworkRoutingBench(options, secret.getBytes(StandardCharsets.UTF_8)).run(secret);
        System.out.println();
        System.out.print(report);
        if (options.out != null) {
            Path out = Path.of(options.out);
            if (out.getParent() != null) {
                Files.createDirectories(out.getParent());
            }
            Files.writeString(out, report);
            System.out.println("Report written to " + out.toAbsolutePath().normalize());
        }
        System.exit(0); // OkHttp's and the children's reaper threads must not keep the JVM up
    }

    /** A side of the comparison: a relay server (network or echo), its receiver and its senders. */
    private record Side(String name, URI base, ServiceProcess process, RelaySocket receiver, List<RelaySocket> senders) {
    }

    private String run(String secret) throws Exception {
        List<Integer> allowed = MachineCpu.allowed();
        boolean taskset = ServiceProcess.tasksetAvailable();
        String childCpus = taskset ? (options.cpu != null ? options.cpu : String.valueOf(allowed.get(0))) : null;
        pinned = childCpus == null ? null : MachineCpu.parseList(childCpus);
        String clientCpus = null;
        if (taskset && !"none".equals(options.clientCpus)) {
            String wanted = options.clientCpus != null ? options.clientCpus : others(allowed, childCpus);
            if (wanted != null && ServiceProcess.pinSelf(wanted)) {
                clientCpus = wanted; // before PostgreSQL starts, so that it inherits it
                clientSide = MachineCpu.parseList(wanted);
            }
        }
        Path work = Path.of(Files.isDirectory(Path.of("bench")) ? "bench/target" : "target", "network-routing");
        String databaseUrl = options.databaseUrl;
        PostgresCpu postgres = null;
        Connection probe = null;
        if (databaseUrl == null) {
            System.setProperty("symbia.test.embedded-only", "true");
            log("starting an embedded PostgreSQL (TestPostgres)");
            TestDatabase database = TestPostgres.freshDatabase();
            databaseUrl = database.jdbcUrl() + "?user=" + database.username() + "&password=" + database.password();
            probe = database.connect();
            postgres = PostgresCpu.of(probe);
        }
        int maxSenders = java.util.Arrays.stream(options.senders).max().orElse(1);
        OkHttpClient http = new OkHttpClient.Builder().pingInterval(Duration.ofSeconds(15)).readTimeout(Duration.ZERO).build();
        HttpClient rest = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor();
        StringBuilder report = new StringBuilder();
        try (TestIdentity identity = TestIdentity.create()) {
            int networkPort = ServiceProcess.freePort();
            int echoPort = ServiceProcess.freePort();
            Map<String, String> env = new LinkedHashMap<>();
            env.put("SYMBIA_ENV", "development");
            env.put("NETWORK_PORT", String.valueOf(networkPort));
            env.put("DATABASE_URL", databaseUrl);
            env.put("IDENTITY_SERVICE_URL", identity.url());
            env.put("NETWORK_HASH_SECRET", secret);
            // As deployed: the network's own service token (for HTTP deliveries, which this bench never needs).
            env.put("INTERNAL_SERVICE_SECRET", identity.serviceSecret());
            env.put("SYMBIA_TELEMETRY_EXPORT_ENABLED", "false");
            Files.createDirectories(work);
            Path jfr = work.resolve("network.jfr").toAbsolutePath();
            // The profile at a fixed sampling rate (JFR's "profile" settings: a Java stack every 10 ms), network only.
            String networkOpts = options.jfr
                    ? options.javaOpts + " -XX:StartFlightRecording:filename=" + jfr + ",settings=profile,dumponexit=true"
                    : options.javaOpts;
            try (ServiceProcess network = ServiceProcess.jar("network", Path.of(options.jar), networkOpts, env, childCpus, work);
                 ServiceProcess echo = ServiceProcess.main("echo-relay", EchoRelay.class,
                         List.of(String.valueOf(echoPort), RECEIVER), options.javaOpts, childCpus, work)) {
                URI networkBase = URI.create("http://127.0.0.1:" + networkPort);
                URI echoBase = URI.create("http://127.0.0.1:" + echoPort);
                echo.awaitReady(echoBase.resolve("/health/ready"));
                network.awaitReady(networkBase.resolve("/health/ready"));

                Side echoSide = connect("echo relay", echoBase, echo, http, identity, maxSenders);
                Side networkSide = connect("network", networkBase, network, http, identity, maxSenders);
                String admin = identity.superAdmin("bench-admin").token();
                for (RelaySocket sender : networkSide.senders()) {
                    Map<String, Object> contract = Map.of("from", sender.nodeId(), "to", RECEIVER,
                            "allowedEventTypes", List.of("bench.*"), "boundaries", List.of("intra"));
                    post(rest, networkBase.resolve("/api/registry/contracts"), admin, mapper.writeValueAsString(contract), 201);
                }
                // Nodes silent for NETWORK_NODE_TIMEOUT (90 s) are marked offline: heartbeat like a relay.
                heartbeats.scheduleWithFixedDelay(() -> {
                    for (Side side : List.of(echoSide, networkSide)) {
                        side.receiver().heartbeat();
                        side.senders().forEach(RelaySocket::heartbeat);
                    }
                }, 20, 20, TimeUnit.SECONDS);

                header(report, childCpus, clientCpus, allowed, network, echo, postgres != null);
                measure(report, echoSide, networkSide, postgres);
                String stats = get(rest, networkBase.resolve("/api/events/stats"), admin);
                report.append("\nThe network's own counts at the end (`GET /api/events/stats`, over its capped history): ")
                        .append(stats).append(".\n");
                report.append("Deliveries whose envelope failed the receiver's check (signature, window): ")
                        .append(badDeliveries.get()).append(". Load average at the end: ").append(MachineCpu.loadAverage()).append(".\n");
                report.append(cleanups(network.log()));
                report.append("\nLogs: `").append(work.resolve("network.log")).append("`, `")
                        .append(work.resolve("echo-relay.log")).append("`.\n");
                if (options.jfr) {
                    report.append("JFR profile of the network (written when it exits): `").append(jfr)
                            .append("` — e.g. `jfr view hot-methods` / `jfr view allocation-by-class` on it.\n");
                }
                for (Side side : List.of(echoSide, networkSide)) {
                    side.receiver().close();
                    side.senders().forEach(RelaySocket::close);
                }
            }
        } finally {
            heartbeats.shutdownNow();
            if (probe != null) {
                probe.close();
            }
        }
        return report.toString();
    }

    private Side connect(String name, URI base, ServiceProcess process, OkHttpClient http, TestIdentity identity, int senders)
            throws InterruptedException {
        RelaySocket receiver = new RelaySocket(http, base, identity.service(RECEIVER).token(), RelaySocket.node(RECEIVER),
                mapper, new RelaySocket.Frames() {
                    @Override
                    public void event(JsonNode event, long receivedNanos) {
                        String id = event.path("id").asString(null);
                        flights.delivered(id, receivedNanos);
                        // What a relay does with each delivery, on its own thread as RelayClient dispatches.
                        checks.execute(() -> {
                            try {
                                verifier.verify(codec.fromTree(event));
                            } catch (EnvelopeRejectedException e) {
                                badDeliveries.incrementAndGet();
                            }
                        });
                    }
                }).awaitRegistered(Duration.ofSeconds(30));
        List<RelaySocket> list = new ArrayList<>();
        for (int i = 1; i <= senders; i++) {
            String id = "bench-sender-" + i;
            list.add(new RelaySocket(http, base, identity.service(id).token(), RelaySocket.node(id), mapper,
                    new RelaySocket.Frames() {
                        @Override
                        public void ack(String ref, boolean ok, String status, long receivedNanos) {
                            flights.acked(ref, ok, status, receivedNanos);
                        }
                    }).awaitRegistered(Duration.ofSeconds(30)));
        }
        log("%s: receiver and %d sender(s) registered", name, senders);
        return new Side(name, base, process, receiver, List.copyOf(list));
    }

    private void measure(StringBuilder report, Side echo, Side network, PostgresCpu postgres) throws InterruptedException {
        for (Side side : List.of(echo, network)) {
            log("%s: warm-up, %d s closed loop", side.name(), options.warmupS);
            closedLoop(side, side.senders().size(), Duration.ofSeconds(options.warmupS), postgres);
        }

        // Latency at a fixed rate, interleaved rounds so drift on a shared machine hits both sides alike.
        Phase echoLatency = new Phase();
        Phase networkLatency = new Phase();
        int perRound = Math.max(1, options.events / options.rounds);
        for (int round = 0; round < options.rounds; round++) {
            boolean echoFirst = round % 2 == 0;
            for (Side side : echoFirst ? List.of(echo, network) : List.of(network, echo)) {
                log("%s: latency round %d/%d, %d events at %d/s", side.name(), round + 1, options.rounds, perRound, options.rate);
                fixedRate(side, side == echo ? echoLatency : networkLatency, perRound, postgres);
            }
        }
        report.append("\n### Routing latency at a fixed ").append(options.rate).append(" events/s (open loop, ")
                .append(perRound * options.rounds).append(" events per side in ").append(options.rounds)
                .append(" interleaved rounds, one sender)\n\n");
        report.append("| metric | echo p50 | echo p99 | network p50 | network p99 | Δ p50 | Δ p99 |\n");
        report.append("|---|---:|---:|---:|---:|---:|---:|\n");
        latencyRow(report, "publish → delivered at the receiver (ms)", echoLatency.delivery(), networkLatency.delivery());
        latencyRow(report, "publish → ack at the sender (ms)", echoLatency.ack(), networkLatency.ack());
        report.append("\n| side | events | problems | pinned child CPU | other work on the pinned CPU | µs child CPU per event | PostgreSQL CPU | µs PostgreSQL CPU per event |\n");
        report.append("|---|---:|---|---:|---:|---:|---:|---:|\n");
        cpuRow(report, "echo relay", echoLatency, echoLatency.count());
        cpuRow(report, "network", networkLatency, networkLatency.count());

        report.append("\n### Sustained throughput (closed loop, ").append(options.window)
                .append(" in flight per sender — in flight until delivered and acked —; ").append(options.repeats)
                .append(" runs per side and level, alternating, each ").append(options.durationS).append(" s measured after a ")
                .append(RAMP.toSeconds()).append(" s ramp-up; events/s is the median run (min–max), the other columns are "
                        + "of that run)\n\n");
        report.append("| senders | side | events/s | delivered p50 (ms) | delivered p99 (ms) | ack p99 (ms) | pinned child CPU | other work on the pinned CPU | µs child CPU per event | PostgreSQL CPU | µs PostgreSQL CPU per event | this JVM CPU | other CPU(s) busy | problems |\n");
        report.append("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        StringBuilder ratios = new StringBuilder("\nThroughput, network ÷ echo relay: ");
        StringBuilder limits = new StringBuilder();
        for (int senders : options.senders) {
            // Repeated, alternating which side goes first: other work on a shared machine only ever slows a run
            // down, so the median of a few short runs says more than one long one.
            List<Phase> echoRuns = new ArrayList<>();
            List<Phase> networkRuns = new ArrayList<>();
            for (int r = 0; r < options.repeats; r++) {
                for (Side side : r % 2 == 0 ? List.of(echo, network) : List.of(network, echo)) {
                    log("%s: %d sender(s), closed loop %d/%d", side.name(), senders, r + 1, options.repeats);
                    (side == echo ? echoRuns : networkRuns).add(closedLoop(side, senders, Duration.ofSeconds(options.durationS), postgres));
                }
            }
            Phase e = median(echoRuns);
            Phase n = median(networkRuns);
            double eRate = rate(e);
            double nRate = rate(n);
            throughputRow(report, senders, "echo relay", e, range(echoRuns));
            throughputRow(report, senders, "network", n, range(networkRuns));
            limits.append("\n- ").append(senders).append(" sender(s): ").append(limit(n));
            ratios.append(senders).append(" sender(s) ").append(String.format(Locale.ROOT, "%.3f", nRate / eRate))
                    .append(" (").append(String.format(Locale.ROOT, "%.0f", nRate)).append(" vs ")
                    .append(String.format(Locale.ROOT, "%.0f", eRate)).append(" events/s); ");
        }
        report.append(ratios.substring(0, ratios.length() - 2)).append(".\n");
        report.append("\nWhat bounded the network's rate (from the CPU columns):").append(limits).append("\n");
        report.append("\nCPU columns are shares of one core over the measured interval (100% = one core busy); PostgreSQL "
                + "and this JVM (senders, receiver, signature checks) run on the other CPU(s) when pinned. *Other CPU(s) busy* "
                + "is how busy the CPU(s) of PostgreSQL and this JVM were, whoever used them. *Other work on "
                + "the pinned CPU* is its busy time (`/proc/stat`) minus the measured child's CPU: other processes on the "
                + "machine (the idle other child included) that took a share of the core — the interference to keep in mind. Per-event CPU includes "
                + "whatever else the process did meanwhile (JIT, GC, schedulers): at the low fixed rate that background weighs "
                + "more, under the closed loop the figure is close to the cost of an event.\n");
    }

    /** {@code count} events from the first sender at the configured rate; adds to {@code phase}. */
    private void fixedRate(Side side, Phase phase, int count, PostgresCpu postgres) throws InterruptedException {
        RelaySocket sender = side.senders().get(0);
        long interval = 1_000_000_000L / options.rate;
        Cpu before = Cpu.now(side.process(), pinned, clientSide, postgres);
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            long wait = start + i * interval - System.nanoTime();
            while (wait > 0) {
                LockSupport.parkNanos(wait);
                wait = start + i * interval - System.nanoTime();
            }
            publish(sender, phase, null);
        }
        awaitDone(phase);
        Cpu after = Cpu.now(side.process(), pinned, clientSide, postgres);
        phase.wallNanos += System.nanoTime() - start;
        after.addDelta(before, phase);
    }

    /** Each of {@code senders} senders keeps {@code window} events in flight; measured after a ramp-up. */
    private Phase closedLoop(Side side, int senders, Duration measured, PostgresCpu postgres) throws InterruptedException {
        Phase phase = new Phase();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> threads = new ArrayList<>();
        for (RelaySocket sender : side.senders().subList(0, senders)) {
            Semaphore window = new Semaphore(options.window);
            threads.add(Thread.ofPlatform().name("sender-" + sender.nodeId()).start(() -> {
                try {
                    while (!stop.get()) {
                        if (window.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                            publish(sender, phase, window);
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        Thread.sleep(RAMP.toMillis());
        Cpu before = Cpu.now(side.process(), pinned, clientSide, postgres);
        phase.from = System.nanoTime();
        Thread.sleep(measured.toMillis());
        phase.to = System.nanoTime();
        Cpu after = Cpu.now(side.process(), pinned, clientSide, postgres);
        stop.set(true);
        for (Thread thread : threads) {
            thread.join();
        }
        phase.wallNanos = phase.to - phase.from;
        after.addDelta(before, phase);
        awaitDone(phase);
        return phase;
    }

    private void publish(RelaySocket sender, Phase phase, Semaphore window) {
        Envelope envelope = envelope(sender.nodeId());
        ObjectNode frame = mapper.createObjectNode().put("op", "publish");
        frame.set("event", codec.toTree(envelope));
        String text = mapper.writeValueAsString(frame);
        flights.sending(envelope.id(), phase, window);
        if (!sender.send(text)) {
            throw new IllegalStateException(sender.nodeId() + "'s socket is closed: " + sender.lastError());
        }
    }

    /** A signed envelope as RelayClient builds it at transmission; no target, so a contract routes it. */
    private Envelope envelope(String source) {
        return signer.sign(new Envelope(UUID.randomUUID().toString(), TYPE, source, null, "bench-run", null,
                Boundary.INTRA, EnvelopeCodec.timestamp(Instant.now()), data, null));
    }

    private static void awaitDone(Phase phase) throws InterruptedException {
        long deadline = System.nanoTime() + DRAIN.toNanos();
        while (!phase.complete() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    private static double rate(Phase phase) {
        return phase.doneInWindow() / (phase.wallNanos / 1e9);
    }

    private static void latencyRow(StringBuilder out, String metric, Samples echo, Samples network) {
        double e50 = echo.percentile(50);
        double e99 = echo.percentile(99);
        double n50 = network.percentile(50);
        double n99 = network.percentile(99);
        out.append("| ").append(metric)
                .append(" | ").append(Samples.ms(e50)).append(" | ").append(Samples.ms(e99))
                .append(" | ").append(Samples.ms(n50)).append(" | ").append(Samples.ms(n99))
                .append(" | ").append(Samples.deltaMs(n50, e50)).append(" (").append(Samples.ratio(n50, e50)).append(")")
                .append(" | ").append(Samples.deltaMs(n99, e99)).append(" (").append(Samples.ratio(n99, e99)).append(")")
                .append(" |\n");
    }

    private static void cpuRow(StringBuilder out, String side, Phase phase, long events) {
        out.append("| ").append(side).append(" | ").append(events).append(" | ").append(phase.problemSummary())
                .append(" | ").append(share(phase.childCpuNanos, phase.wallNanos))
                .append(" | ").append(share(phase.othersOnPinnedNanos, phase.wallNanos))
                .append(" | ").append(perEvent(phase.childCpuNanos, events))
                .append(" | ").append(share(phase.postgresCpuNanos, phase.wallNanos))
                .append(" | ").append(perEvent(phase.postgresCpuNanos, events)).append(" |\n");
    }

    /** The run with the median rate (the upper one of an even count). */
    private static Phase median(List<Phase> runs) {
        List<Phase> sorted = new ArrayList<>(runs);
        sorted.sort(java.util.Comparator.comparingDouble(NetworkRoutingBench::rate));
        return sorted.get(sorted.size() / 2);
    }

    /** "median (min–max)" of the runs' rates. */
    private static String range(List<Phase> runs) {
        double min = runs.stream().mapToDouble(NetworkRoutingBench::rate).min().orElse(Double.NaN);
        double max = runs.stream().mapToDouble(NetworkRoutingBench::rate).max().orElse(Double.NaN);
        String median = String.format(Locale.ROOT, "%.0f", rate(median(runs)));
        return runs.size() == 1 ? median : median + String.format(Locale.ROOT, " (%.0f–%.0f)", min, max);
    }

    private void throughputRow(StringBuilder out, int senders, String side, Phase phase, String rate) {
        out.append("| ").append(senders).append(" | ").append(side)
                .append(" | ").append(rate)
                .append(" | ").append(Samples.ms(phase.delivery().percentile(50)))
                .append(" | ").append(Samples.ms(phase.delivery().percentile(99)))
                .append(" | ").append(Samples.ms(phase.ack().percentile(99)))
                .append(" | ").append(share(phase.childCpuNanos, phase.wallNanos))
                .append(" | ").append(share(phase.othersOnPinnedNanos, phase.wallNanos))
                .append(" | ").append(perEvent(phase.childCpuNanos, phase.doneInWindow()))
                .append(" | ").append(share(phase.postgresCpuNanos, phase.wallNanos))
                .append(" | ").append(perEvent(phase.postgresCpuNanos, phase.doneInWindow()))
                .append(" | ").append(share(phase.clientCpuNanos, phase.wallNanos))
                .append(" | ").append(clientSideShare(phase))
                .append(" | ").append(phase.problemSummary()).append(" |\n");
    }

    /**
     * The network's history cleanup (every 10 s: events and traces beyond the caps deleted in batches) runs
     * while the bench measures, as it would in a deployment under load; the report says how much it did.
     */
    private static String cleanups(Path log) {
        try {
            java.util.regex.Pattern deleted = java.util.regex.Pattern.compile("History cleanup deleted (\\d+) row");
            long passes = 0;
            long rows = 0;
            for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                java.util.regex.Matcher m = deleted.matcher(line);
                if (m.find()) {
                    passes++;
                    rows += Long.parseLong(m.group(1));
                }
            }
            return "History cleanup passes that deleted rows during the run (network log): " + passes + ", " + rows
                    + " rows in all — they run while events are measured, as they would under load.\n";
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /** Busy share of the client-side CPUs' capacity (100% = all of them busy). */
    private String clientSideShare(Phase phase) {
        return clientSide == null ? "–" : share(phase.clientSideBusyNanos, phase.wallNanos * clientSide.size());
    }

    /** Which resource ran out during a closed-loop phase of the network, read off its CPU counters. */
    private String limit(Phase phase) {
        if (phase.childCpuNanos < 0 || phase.wallNanos <= 0) {
            return "unknown (no CPU counters).";
        }
        double own = (double) phase.childCpuNanos / phase.wallNanos;
        double others = phase.othersOnPinnedNanos < 0 ? 0 : (double) phase.othersOnPinnedNanos / phase.wallNanos;
        double clientBusy = clientSide == null || phase.clientSideBusyNanos < 0 ? -1
                : (double) phase.clientSideBusyNanos / (phase.wallNanos * clientSide.size());
        String figures = String.format(Locale.ROOT, " (network %.0f%% of its core, other work %.0f%%", 100 * own, 100 * others)
                + (clientBusy < 0 ? ")" : String.format(Locale.ROOT, "; PostgreSQL + this JVM's CPU(s) %.0f%% busy)", 100 * clientBusy));
        if (own + others >= 0.9) {
            return (others >= 0.1 ? "the pinned core, shared with other work on the machine" : "the pinned core (saturated)")
                    + figures + ".";
        }
        if (clientBusy >= 0.9) {
            return "the other CPU(s), where PostgreSQL and the senders run — a lower bound of what the network does on its core"
                    + figures + ".";
        }
        return "neither CPU: waiting — each socket's frames are handled one at a time, each event waiting for its SQL "
                + "round trips" + figures + ".";
    }

    private static String share(long cpuNanos, long wallNanos) {
        return cpuNanos < 0 || wallNanos <= 0 ? "–" : String.format(Locale.ROOT, "%.0f%%", 100.0 * cpuNanos / wallNanos);
    }

    private static String perEvent(long cpuNanos, long events) {
        return cpuNanos < 0 || events == 0 ? "–" : String.format(Locale.ROOT, "%.0f", cpuNanos / 1000.0 / events);
    }

    private void header(StringBuilder report, String childCpus, String clientCpus, List<Integer> allowed,
            ServiceProcess network, ServiceProcess echo, boolean postgresCpu) {
        report.append("## NetworkRoutingBench — ")
                .append(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"))).append("\n\n");
        report.append("- Machine: ").append(allowed.size()).append(" CPU(s) usable ").append(allowed).append(" (")
                .append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.arch"))
                .append("), Java ").append(Runtime.version()).append("; load average at the start: ").append(MachineCpu.loadAverage())
                .append(".\n");
        if (childCpus != null) {
            report.append("- Pinning: network and the echo relay each run `taskset -c ").append(childCpus)
                    .append("` (one core; the JVM sizes itself for ").append(childCpus.contains(",") || childCpus.contains("-")
                            ? "those CPUs" : "one CPU").append(")");
            report.append(clientCpus != null ? "; this JVM (senders, receiver) and PostgreSQL on CPU(s) " + clientCpus + ".\n"
                    : "; this JVM and PostgreSQL are not pinned and may share that core.\n");
        } else {
            report.append("- Pinning: **not pinned** — `taskset` is not available here, so the network may use every CPU; "
                    + "the figures are not \"one core\".\n");
        }
        report.append("- Network: child JVM `").append(options.javaOpts).append(" -jar network.jar` (SYMBIA_ENV=development, "
                + "telemetry export off, defaults otherwise: events and traces persisted in PostgreSQL in batches, history capped at "
                + "10000 and cleaned every 10 s); PostgreSQL: ").append(options.databaseUrl == null
                        ? "embedded (TestPostgres: fsync and synchronous_commit off)" : "given by --database-url").append(".\n");
        report.append("- Baseline: `EchoRelay`, same JVM options and core: Tomcat WebSocket on virtual threads, parses each "
                + "publish frame, writes the event frame to the receiver's socket, acks — no verification, database, "
                + "routing or trace.\n");
        report.append("- Events: `").append(TYPE).append("`, ").append(envelopeBytes).append("-byte envelope (`--size ")
                .append(options.size).append("`), signed by the sender with libs/relay's EnvelopeSigner (HMAC-SHA256 over "
                        + "RFC 8785), no explicit target: a contract `bench-sender-N → ").append(RECEIVER)
                .append("` (`bench.*`, intra) routes them; no policies. Senders and the receiver authenticate with service "
                        + "tokens from TestIdentity and register over their own sockets.\n");
        report.append("- Latency clocks: *publish* = right before the frame is handed to the sender's socket (signing "
                + "excluded); *delivered* = the receiver's socket read the event frame; *ack* = the sender read the ack "
                + "(the network acks after delivery; event and trace are queued for its batched history writer, off that path).\n");
        if (!postgresCpu) {
            report.append("- PostgreSQL CPU: not measurable (not a local process of this run).\n");
        }
        if (options.label != null) {
            report.append("- Build measured: ").append(options.label).append(".\n");
        }
    }

    // ---- small helpers ----

    private static void post(HttpClient http, URI uri, String token, String body, int expected)
            throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException("POST " + uri + " answered " + response.statusCode() + ": " + response.body());
        }
    }

    private static String get(HttpClient http, URI uri, String token) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode() + " " + response.body();
    }

    private static String others(List<Integer> allowed, String childCpus) {
        List<String> rest = allowed.stream().map(String::valueOf).filter(cpu -> !cpu.equals(childCpus)).toList();
        return rest.isEmpty() || rest.size() == allowed.size() ? null : String.join(",", rest);
    }

    static void log(String format, Object... args) {
        System.out.printf(Locale.ROOT, "[network-routing] " + format + "%n", args);
    }

    /** CPU counters at one moment: the pinned child, PostgreSQL and this JVM. */
    private record Cpu(long child, long pinnedBusy, long clientSideBusy, long postgres, long client) {

        static Cpu now(ServiceProcess child, List<Integer> pinned, List<Integer> clientSide, PostgresCpu postgres) {
            long self = ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
            return new Cpu(child.cpuNanos(), pinned == null ? -1 : MachineCpu.busyNanos(pinned),
                    clientSide == null ? -1 : MachineCpu.busyNanos(clientSide), postgres == null ? -1 : postgres.nanos(), self);
        }

        void addDelta(Cpu before, Phase phase) {
            phase.childCpuNanos = add(phase.childCpuNanos, child, before.child);
            long others = pinnedBusy < 0 || before.pinnedBusy < 0 ? -1
                    : Math.max(0, (pinnedBusy - before.pinnedBusy) - (child - before.child));
            phase.othersOnPinnedNanos = add(phase.othersOnPinnedNanos, others < 0 ? -1 : others, 0);
            phase.postgresCpuNanos = add(phase.postgresCpuNanos, postgres, before.postgres);
            phase.clientCpuNanos = add(phase.clientCpuNanos, client, before.client);
            phase.clientSideBusyNanos = add(phase.clientSideBusyNanos, clientSideBusy, before.clientSideBusy);
        }

        private static long add(long sum, long after, long before) {
            return sum < 0 || after < 0 || before < 0 ? -1 : sum + after - before;
        }
    }

    /** Command-line options. */
    private static final class Options {
        String jar;
        String javaOpts;
        String cpu;
        String clientCpus;
        String databaseUrl;
        String size;
        int warmupS;
        int rate;
        int events;
        int rounds;
        int[] senders;
        int window;
        int durationS;
        int repeats;
        String out;
        String label;
        boolean jfr;

        static Options from(Args args) {
            Options o = new Options();
            o.jar = args.string("jar", "network/target/network.jar");
            o.javaOpts = args.string("java-opts", "-Xms256m -Xmx768m");
            o.cpu = args.string("cpu", null);
            o.clientCpus = args.string("client-cpus", null);
            o.databaseUrl = args.string("database-url", null);
            o.size = args.string("size", "small");
            if (!o.size.equals("small") && !o.size.equals("large")) {
                throw new IllegalArgumentException("--size is small or large");
            }
            o.warmupS = args.integer("warmup-s", 10, 0, 600);
            o.rate = args.integer("rate", 100, 1, 100_000);
            o.events = args.integer("events", 3000, 1, 1_000_000);
            o.rounds = args.integer("rounds", 4, 1, 100);
            o.senders = args.integers("senders", new int[] {1, 4}, 1, 64);
            o.window = args.integer("window", 32, 1, 10_000);
            o.durationS = args.integer("duration-s", 10, 1, 600);
            o.repeats = args.integer("repeats", 3, 1, 20);
            o.out = args.string("out", null);
            o.label = args.string("label", null);
            o.jfr = args.flag("jfr");
            args.rejectUnknown();
            return o;
        }
    }
}
