package dev.symbia.bench.stack;

import dev.symbia.auth.AuthUnavailableException;
import dev.symbia.auth.ServiceTokens;
import dev.symbia.bench.integrations.FakeProvider;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import tools.jackson.databind.json.JsonMapper;

/** An isolated stack started with start.sh, stopped (and any leftover killed) on close. */
public final class Stack implements AutoCloseable {

    /** The services start.sh starts besides the gateway and PostgreSQL. */
    public static final List<String> SERVICES = List.of("identity", "network", "logging", "catalog", "messaging",
            "integrations", "runtime", "assistants", "models");
    // What a deployment runs (the images use the full tiered JIT); start.sh's developer default stops at C1
    // to start ten JVMs quickly, which is not what a benchmark of the request path should measure.
    public static final String DEPLOYED_JVM_OPTS = "-XX:+UseSerialGC -Xms64m -Xmx256m -Xss512k -XX:+ExitOnOutOfMemoryError";
    /** The name {@link #rss()} and {@link #cpuNanos()} give PostgreSQL with its backends. */
    public static final String POSTGRES_SERVER = "postgres server + backends";
    private static final Set<String> INHERITED_EXCLUDES = Set.of("PORT", "SERVER_PORT", "DATABASE_URL", "GATEWAY_PORT",
            "SYMBIA_PG_PORT", "SYMBIA_HOME", "SYMBIA_JAVA_OPTS", "JAVA_HOME", "NETWORK_RELAY_ENABLED",
            "SYMBIA_ADMIN_EMAIL", "SYMBIA_ADMIN_PASSWORD", "JAVA_TOOL_OPTIONS");

    private static final Duration START_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration STOP_TIMEOUT = Duration.ofMinutes(2);

    private final Path root;
    private final Path home;
    private final Map<String, Integer> ports;
    private final String label;
    private final FakeProvider fake;
    private final boolean noBuild;
    private final String jvmOpts;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private boolean stopped;
    /** Child processes of the PostgreSQL server at the last {@link #rss()}. */
    private int backends;

    private Stack(String name, Path root, Path home, Map<String, Integer> ports, FakeProvider fake, boolean noBuild,
            String jvmOpts) {
        this.label = name;
        this.jvmOpts = jvmOpts;
        this.root = root;
        this.home = home;
        this.ports = ports;
        this.fake = fake;
        this.noBuild = noBuild;
    }

    /**
     * Starts a stack with {@code ./start.sh --detach --yes} (plus {@code --no-build} when asked) under a fresh
     * {@code SYMBIA_HOME} in {@code bench/target/<name>/}, on free ports, with {@code fake} as SambaNova and the
     * services on {@code jvmOpts}; stopped on {@link #close()} or at the JVM's exit.
     */
    public static Stack start(String name, boolean noBuild, String jvmOpts, FakeProvider fake)
            throws IOException, InterruptedException {
        Path root = Path.of("").toAbsolutePath();
        if (!Files.isRegularFile(root.resolve("start.sh")) && Files.isRegularFile(root.resolve("../start.sh"))) {
            root = root.getParent();
        }
        if (!Files.isRegularFile(root.resolve("start.sh"))) {
            throw new IllegalStateException("start.sh not found in " + root + " (run from the repository root)");
        }
        Path work = root.resolve("bench/target/" + name);
        Files.createDirectories(work);
        Path home = Files.createTempDirectory(work, "symbia-home-");
        Stack stack = new Stack(name, root, home, pickPorts(), fake, noBuild, jvmOpts);
        Runtime.getRuntime().addShutdownHook(new Thread(stack::close, name + "-stop"));
        stack.runStart();
        return stack;
    }

    public String serviceUrl(String service) {
        return "http://127.0.0.1:" + ports.get(service);
    }

    public String gatewayUrl() {
        return "http://127.0.0.1:" + ports.get("gateway");
    }

    /** This stack's SYMBIA_HOME (its logs stay in {@code logs/} after the stop). */
    public Path home() {
        return home;
    }

    /** Port per service name, plus {@code postgres} and {@code gateway}. */
    public Map<String, Integer> ports() {
        return ports;
    }

    /** Child processes of the PostgreSQL server at the last {@link #rss()}. */
    public int backends() {
        return backends;
    }

    static void log(String format, Object... args) {
        System.out.printf(Locale.ROOT, "[stack] " + format + "%n", args);
    }

    /**
     * CPU used per unit of work between two {@link #cpuNanos()} readings, as a markdown table (process, ms per
     * unit, share, largest first, then the stack's total); returns the total in ns.
     */
    public static long cpuTable(StringBuilder report, Map<String, Long> before, Map<String, Long> after, int units,
            String unit) {
        report.append("| process | CPU ms per ").append(unit).append(" | share |\n|---|---:|---:|\n");
        Map<String, Long> used = new LinkedHashMap<>();
        long total = 0;
        for (Map.Entry<String, Long> entry : after.entrySet()) {
            long delta = entry.getValue() - before.getOrDefault(entry.getKey(), 0L);
            used.put(entry.getKey(), delta);
            total += delta;
        }
        List<Map.Entry<String, Long>> sorted = new ArrayList<>(used.entrySet());
        sorted.sort(Map.Entry.<String, Long>comparingByValue().reversed());
        for (Map.Entry<String, Long> entry : sorted) {
            report.append("| ").append(entry.getKey()).append(" | ")
                    .append(String.format(Locale.ROOT, "%.2f", entry.getValue() / 1e6 / Math.max(1, units))).append(" | ")
                    .append(String.format(Locale.ROOT, "%.0f%%", total == 0 ? 0 : 100.0 * entry.getValue() / total))
                    .append(" |\n");
        }
        report.append("| **stack total** | **").append(String.format(Locale.ROOT, "%.2f", total / 1e6 / Math.max(1, units)))
                .append("** | 100% |\n");
        return total;
    }

    private void runStart() throws IOException, InterruptedException {
        log("starting the stack: SYMBIA_HOME=%s ports=%s", home, ports);
        long t0 = System.nanoTime();
        List<String> args = new ArrayList<>(List.of("--detach", "--yes"));
        if (noBuild) {
            args.add("--no-build");
        }
        Path output = home.resolve("start.out");
        Process process = script(args, output);
        if (!process.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroy();
            process.waitFor(30, TimeUnit.SECONDS);
            process.destroyForcibly();
            close();
            throw new IllegalStateException("./start.sh --detach did not finish within " + START_TIMEOUT + "\n"
                    + read(output));
        }
        if (process.exitValue() != 0) {
            String out = read(output);
            close();
            throw new IllegalStateException("./start.sh --detach exited with " + process.exitValue() + "\n" + out);
        }
        log("stack ready in %.1f s", (System.nanoTime() - t0) / 1e9);
    }

    private Process script(List<String> args, Path output) throws IOException {
        List<String> command = new ArrayList<>(List.of("bash", root.resolve("start.sh").toString()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(output.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(key -> INHERITED_EXCLUDES.contains(key) || key.endsWith("_DATABASE_URL")
                || key.endsWith("_SERVICE_URL") || key.endsWith("_API_KEY") || key.endsWith("_BASE_URL")
                || SERVICES.stream().anyMatch(s -> key.equals(s.toUpperCase(Locale.ROOT) + "_PORT")));
        env.put("SYMBIA_HOME", home.toString());
        env.put("JAVA_HOME", Path.of(System.getProperty("java.home")).toString());
        env.put("SYMBIA_CDS", "off");
        env.put("SYMBIA_JAVA_OPTS", jvmOpts);
        env.put("SYMBIA_ADMIN_EMAIL", label + "-admin@symbia.test");
        env.put("SYMBIA_ADMIN_PASSWORD", label + "-admin-" + UUID.randomUUID());
        env.put("SYMBIA_PG_PORT", String.valueOf(ports.get("postgres")));
        env.put("GATEWAY_PORT", String.valueOf(ports.get("gateway")));
        for (String service : SERVICES) {
            env.put(service.toUpperCase(Locale.ROOT) + "_PORT", String.valueOf(ports.get(service)));
        }
        env.put("SYMBIA_DEFAULT_PROVIDER", "sambanova");
        env.put("SAMBANOVA_BASE_URL", fake.baseUrl());
        env.put("SAMBANOVA_API_KEY", "bench-provider-key");
        env.put("SAMBANOVA_DEFAULT_MODEL", FakeProvider.MODEL);
        env.put("SYMBIA_TELEMETRY_EXPORT_ENABLED", "false");
        // One bench user stands for many: its per-principal limit must not be what the bursts measure.
        env.put("GATEWAY_RATE_LIMIT_CAPACITY", "100000");
        env.put("GATEWAY_RATE_LIMIT_REFILL_PER_SECOND", "100000");
        return builder.start();
    }

    /** VmRSS in kB per process of this stack: each java process by name, postgres with all its backends. */
    public Map<String, Long> rss() {
        Map<String, Long> out = new LinkedHashMap<>();
        String pgData = home.resolve("pgdata").toString();
        List<ProcessHandle> all = ProcessHandle.allProcesses().toList();
        for (ProcessHandle p : all) {
            String cmd = cmdline(p.pid());
            String name = javaProcessName(cmd);
            if (name != null) {
                out.merge(name, vmRss(p.pid()), Long::sum);
            }
        }
        for (ProcessHandle p : all) {
            String cmd = cmdline(p.pid());
            if (cmd.contains("postgres") && cmd.contains(pgData) && !cmd.contains("java")) {
                long sum = vmRss(p.pid());
                long count = p.descendants().count();
                for (ProcessHandle child : p.descendants().toList()) {
                    sum += vmRss(child.pid());
                }
                backends = (int) count;
                out.merge(POSTGRES_SERVER, sum, Long::sum);
            }
        }
        return out;
    }

    /** CPU time in ns so far per process of this stack (named as in {@link #rss()}): postgres with every backend. */
    public Map<String, Long> cpuNanos() {
        Map<String, Long> out = new LinkedHashMap<>();
        String pgData = home.resolve("pgdata").toString();
        for (ProcessHandle p : ProcessHandle.allProcesses().toList()) {
            String cmd = cmdline(p.pid());
            String name = javaProcessName(cmd);
            if (name != null) {
                out.merge(name, cpuTicks(p.pid(), false) * NANOS_PER_TICK, Long::sum);
            } else if (cmd.contains("postgres") && cmd.contains(pgData) && !cmd.contains("java")) {
                // The postmaster's own time and its reaped backends', plus the live backends'.
                long ticks = cpuTicks(p.pid(), true);
                for (ProcessHandle child : p.children().toList()) {
                    ticks += cpuTicks(child.pid(), false);
                }
                out.merge(POSTGRES_SERVER, ticks * NANOS_PER_TICK, Long::sum);
            }
        }
        return out;
    }

    /** The name of one of this stack's java processes ({@code -Dsymbia.process}), or null for any other process. */
    private String javaProcessName(String cmd) {
        if (!cmd.contains("-Dsymbia.home=" + home) || !cmd.contains("java")) {
            return null;
        }
        String name = "java";
        int at = cmd.indexOf("-Dsymbia.process=");
        if (at >= 0) {
            name = cmd.substring(at + 17).split("[\\s\\u0000]", 2)[0];
        }
        return name.equals("postgres") ? "postgres launcher (java)" : name;
    }

    /** Linux reports /proc times in USER_HZ, 100 on every mainstream architecture. */
    private static final long NANOS_PER_TICK = 10_000_000L;

    /** utime + stime (and the reaped children's when asked) of /proc/pid/stat, in ticks; 0 when gone. */
    private static long cpuTicks(long pid, boolean withReaped) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            return withReaped ? ticks + Long.parseLong(fields[13]) + Long.parseLong(fields[14]) : ticks;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static String cmdline(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline")), StandardCharsets.UTF_8)
                    .replace('\0', ' ');
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private static long vmRss(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone
        }
        return 0;
    }

    /**
     * Heap used in bytes from the service's own Prometheus endpoint, NaN when unreachable. {@code /actuator/**}
     * is for operators: the bench authenticates as services do, with a service token minted at identity with
     * the stack's {@code INTERNAL_SERVICE_SECRET} (from its {@code secrets.env}).
     */
    public double heapUsed(String name) {
        List<String> urls = new ArrayList<>();
        if (ports.containsKey(name)) {
            urls.add("http://127.0.0.1:" + ports.get(name) + "/actuator/prometheus");
        }
        String token = serviceToken();
        for (String url : urls) {
            try {
                HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET();
                if (token != null) {
                    request.header("Authorization", "Bearer " + token);
                }
                HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    log("heap of %s: %s answered %d", name, url, response.statusCode());
                    continue;
                }
                double sum = 0;
                boolean found = false;
                for (String line : response.body().split("\n")) {
                    if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                        found = true;
                    }
                }
                if (found) {
                    return sum;
                }
            } catch (IOException | RuntimeException e) {
                // try the next
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Double.NaN;
            }
        }
        return Double.NaN;
    }

    private ServiceTokens serviceTokens;

    /** A service token for operator endpoints (as the gateway would get one), null when it cannot be minted. */
    private String serviceToken() {
        try {
            if (serviceTokens == null) {
                String secret = null;
                for (String line : Files.readAllLines(home.resolve("secrets.env"))) {
                    if (line.startsWith("INTERNAL_SERVICE_SECRET=")) {
                        secret = line.substring(line.indexOf('=') + 1).trim();
                    }
                }
                if (secret == null) {
                    log("no INTERNAL_SERVICE_SECRET in %s: heap not read", home.resolve("secrets.env"));
                    return null;
                }
                serviceTokens = new ServiceTokens(ServiceTokens.jdkTransport(http, Duration.ofSeconds(10)),
                        serviceUrl("identity"), "gateway", secret, Clock.systemUTC(), JsonMapper.builder().build());
            }
            return serviceTokens.token();
        } catch (IOException | RuntimeException | AuthUnavailableException e) {
            log("could not mint a service token (%s): heap not read", e.getMessage());
            return null;
        }
    }

    @Override
    public synchronized void close() {
        if (stopped) {
            return;
        }
        stopped = true;
        log("stopping the stack");
        Path output = home.resolve("stop.out");
        try {
            Process process = script(List.of("stop"), output);
            if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                log("./start.sh stop did not finish within %s", STOP_TIMEOUT);
            }
        } catch (IOException e) {
            log("could not run ./start.sh stop: %s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        String marker = "-Dsymbia.home=" + home;
        String pgData = home.resolve("pgdata").toString();
        List<ProcessHandle> leftovers = ProcessHandle.allProcesses()
                .filter(p -> p.pid() != ProcessHandle.current().pid())
                .filter(p -> {
                    String cmd = cmdline(p.pid());
                    return cmd.contains(marker) || (cmd.contains("postgres") && cmd.contains(pgData));
                }).toList();
        if (!leftovers.isEmpty()) {
            log("killing processes the stop left behind: %s", leftovers.stream().map(ProcessHandle::pid).toList());
            leftovers.forEach(ProcessHandle::destroyForcibly);
        }
        deleteQuietly(home.resolve("app"));
        deleteQuietly(home.resolve("pgdata"));
        log("stack stopped; logs kept in %s", home.resolve("logs"));
    }

    private static Map<String, Integer> pickPorts() throws IOException {
        List<String> names = new ArrayList<>();
        names.add("postgres");
        names.addAll(SERVICES);
        names.add("gateway");
        Map<String, Integer> ports = new LinkedHashMap<>();
        List<ServerSocket> held = new ArrayList<>();
        try {
            int attempts = 0;
            while (ports.size() < names.size()) {
                if (++attempts > 2000) {
                    throw new IllegalStateException("no free ports found in 20000-32767");
                }
                int candidate = ThreadLocalRandom.current().nextInt(20000, 32768);
                if (ports.containsValue(candidate)) {
                    continue;
                }
                try {
                    ServerSocket socket = new ServerSocket();
                    socket.setReuseAddress(false);
                    socket.bind(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), candidate));
                    held.add(socket);
                    ports.put(names.get(ports.size()), candidate);
                } catch (IOException taken) {
                    // next
                }
            }
        } finally {
            for (ServerSocket socket : held) {
                socket.close();
            }
        }
        return ports;
    }

    private static String read(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8) : "(no output)";
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    private static void deleteQuietly(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            log("could not delete %s: %s", dir, e);
        }
    }
}
