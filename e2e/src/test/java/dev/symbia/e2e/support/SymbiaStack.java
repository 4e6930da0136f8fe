package dev.symbia.e2e.support;

import dev.symbia.core.SymbiaService;
import dev.symbia.test.provider.FakeProvider;
import dev.symbia.test.vendor.VendorFake;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The whole platform, started once per test run with {@code ./start.sh --detach --no-build} from
 * the jars the reactor has just built: free ports for PostgreSQL, the nine services and the gateway,
 * and a fresh {@code SYMBIA_HOME} under {@code e2e/target/e2e}, so a developer's own stack (default
 * ports, {@code .symbia/}) is never touched. {@link #close()} runs {@code ./start.sh stop} and then
 * makes sure no process of this stack is left.
 */
public final class SymbiaStack implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(6);
    private static final Duration STOP_TIMEOUT = Duration.ofMinutes(2);
    /** Variables that would point the stack somewhere other than its own isolated setup. */
    private static final Set<String> INHERITED_EXCLUDES = Set.of("PORT", "DATABASE_URL", "GATEWAY_PORT",
            "SYMBIA_PG_PORT", "SYMBIA_HOME", "SYMBIA_JAVA_OPTS", "JAVA_HOME", "NETWORK_RELAY_ENABLED",
            "SYMBIA_ADMIN_EMAIL", "SYMBIA_ADMIN_PASSWORD");
    /**
     * The stack's super admin, created by identity at first start (SYMBIA_ADMIN_EMAIL/PASSWORD), so tests
     * that need one never depend on which test registered the first user. The password is per run.
     */
    private static final String ADMIN_EMAIL = "e2e-admin@symbia.test";
    private static final String ADMIN_PASSWORD = "e2e-admin-" + java.util.UUID.randomUUID();

    private final Path root;
    private final Path home;
    private final Map<String, Integer> ports;
    private final Path startOutput;
    // SambaNova as the stack sees it: a local fake speaking its wire format (real providers are unreachable here).
    private final FakeProvider provider = new FakeProvider();
    // JFrog (JFROG_URL), Railway (RAILWAY_API_URL) and Supabase (SUPABASE_URL) as the stack sees them: one fake,
    // answered per test; what no test answers gets the vendors' own 404.
    private final VendorFake vendors = new VendorFake()
            .otherwise(VendorFake.response(404, "{\"errors\":[{\"status\":404,\"message\":\"Not Found\"}]}"));
    private volatile boolean stopped;

    private SymbiaStack(Path root, Path home, Map<String, Integer> ports) {
        this.root = root;
        this.home = home;
        this.ports = ports;
        this.startOutput = home.resolve("start.out");
    }

    /** Starts the stack and returns once every process is ready; throws with start.sh's output if not. */
    public static SymbiaStack start() {
        Path root = Path.of(System.getProperty("symbia.root", "..")).toAbsolutePath().normalize();
        Path work = Path.of(System.getProperty("symbia.e2e.work", root.resolve("e2e/target/e2e").toString()));
        if (!Files.isRegularFile(root.resolve("start.sh"))) {
            throw new IllegalStateException("start.sh not found under " + root + " (set -Dsymbia.root)");
        }
        try {
            Files.createDirectories(work);
            Path home = Files.createTempDirectory(work, "symbia-home-");
            SymbiaStack stack = new SymbiaStack(root, home, pickPorts());
            // Also stop it when the test JVM is ended early (failsafe timeout, Ctrl-C of the build).
            Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "symbia-e2e-stop"));
            stack.runStart();
            return stack;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The fake SambaNova behind the stack's integrations (the default provider); script it per test. */
    public FakeProvider provider() {
        return provider;
    }

    /** The fake JFrog platform and Railway GraphQL API behind the stack's integrations; tests set how it answers. */
    public VendorFake vendors() {
        return vendors;
    }

    public int gatewayPort() {
        return ports.get("gateway");
    }

    public String gatewayUrl() {
        return "http://127.0.0.1:" + gatewayPort();
    }

    public Path home() {
        return home;
    }

    /** The repository root (where start.sh is). */
    public Path root() {
        return root;
    }

    /** The port of a process of this stack: {@code postgres}, a service id ({@code messaging}) or {@code gateway}. */
    public int port(String name) {
        Integer port = ports.get(name);
        if (port == null) {
            throw new IllegalArgumentException("no process " + name + " in " + ports.keySet());
        }
        return port;
    }

    public String adminEmail() {
        return ADMIN_EMAIL;
    }

    public String adminPassword() {
        return ADMIN_PASSWORD;
    }

    private void runStart() throws IOException {
        System.out.println("[e2e] starting the stack: SYMBIA_HOME=" + home + " ports=" + ports);
        long t0 = System.nanoTime();
        Process process = startScript(List.of("--detach", "--no-build"), startOutput);
        boolean finished;
        try {
            finished = process.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            close();
            throw new IllegalStateException("interrupted while starting the stack", e);
        }
        if (!finished) {
            process.destroy();
            waitQuietly(process, Duration.ofSeconds(30));
            process.destroyForcibly();
            String output = read(startOutput);
            close();
            throw new IllegalStateException("./start.sh --detach did not finish within " + START_TIMEOUT
                    + "\n---- start.sh output ----\n" + output + "\n" + logTails(60));
        }
        String output = read(startOutput);
        if (process.exitValue() != 0) {
            close();
            // start.sh prints the failing service's log; the others' tails help when the cause is upstream.
            throw new IllegalStateException("./start.sh --detach exited with " + process.exitValue()
                    + "\n---- start.sh output ----\n" + output + "\n" + logTails(30));
        }
        System.out.printf("[e2e] stack ready in %.1f s%n%s%n", (System.nanoTime() - t0) / 1e9, output);
    }

    /** {@code ./start.sh stop NAME}: one process of the stack stops, the rest keeps running. */
    public void stopProcess(String name) {
        runScript(List.of("stop", name), STOP_TIMEOUT);
    }

    /** {@code ./start.sh restart NAME}: one process stopped (if running) and started again as start.sh starts it. */
    public void restartProcess(String name) {
        runScript(List.of("restart", name, "--no-build"), START_TIMEOUT);
    }

    private void runScript(List<String> args, Duration timeout) {
        Path output = home.resolve(String.join("-", args) + ".out");
        try {
            Process process = startScript(args, output);
            if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("./start.sh " + args + " did not finish within " + timeout
                        + "\n" + read(output));
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("./start.sh " + args + " exited with " + process.exitValue()
                        + "\n" + read(output) + "\n" + logTails(30));
            }
            System.out.println("[e2e] ./start.sh " + String.join(" ", args) + ":\n" + read(output));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Stops the stack (idempotent) and kills anything of it that survived. */
    @Override
    public synchronized void close() {
        if (stopped) {
            return;
        }
        stopped = true;
        Path stopOutput = home.resolve("stop.out");
        try {
            Process process = startScript(List.of("stop"), stopOutput);
            if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                System.err.println("[e2e] ./start.sh stop did not finish within " + STOP_TIMEOUT);
            } else if (process.exitValue() != 0) {
                System.err.println("[e2e] ./start.sh stop exited with " + process.exitValue() + ":\n" + read(stopOutput));
            }
        } catch (IOException e) {
            System.err.println("[e2e] could not run ./start.sh stop: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<ProcessHandle> leftovers = leftovers();
        if (!leftovers.isEmpty()) {
            System.err.println("[e2e] killing processes the stop left behind: "
                    + leftovers.stream().map(p -> p.pid() + " " + p.info().commandLine().orElse("?")).toList());
            leftovers.forEach(ProcessHandle::destroyForcibly);
        }
        provider.close();
        vendors.close();
        deleteQuietly(home.resolve("app"));     // unpacked jars (~35 MB per service)
        deleteQuietly(home.resolve("pgdata"));
        System.out.println("[e2e] stack stopped; logs kept in " + home.resolve("logs"));
    }

    /** The last lines of every process's log, for failure messages. */
    public String logTails(int lines) {
        StringBuilder out = new StringBuilder();
        List<String> names = new ArrayList<>();
        names.add("postgres");
        for (SymbiaService service : SymbiaService.values()) {
            names.add(service.id());
        }
        names.add("gateway");
        for (String name : names) {
            Path log = home.resolve("logs").resolve(name + ".log");
            if (!Files.isRegularFile(log)) {
                continue;
            }
            List<String> all = readLines(log);
            out.append("---- ").append(log).append(" (last ").append(Math.min(lines, all.size())).append(" lines) ----\n");
            all.subList(Math.max(0, all.size() - lines), all.size()).forEach(l -> out.append(l).append('\n'));
        }
        return out.toString();
    }

    private Process startScript(List<String> args, Path output) throws IOException {
        List<String> command = new ArrayList<>(List.of("bash", root.resolve("start.sh").toString()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(nullFile()))
                .redirectOutput(output.toFile());
        launcherEnvironment(builder.environment());
        return builder.start();
    }

    /**
     * The environment this stack gives start.sh (which passes it on to every process, adding the ports,
     * service URLs, DATABASE_URL and dev secrets): also the base of a process started next to the stack.
     */
    void launcherEnvironment(Map<String, String> env) {
        env.keySet().removeIf(key -> INHERITED_EXCLUDES.contains(key)
                || key.endsWith("_DATABASE_URL") || key.endsWith("_SERVICE_URL") || isServicePortVariable(key));
        env.put("SYMBIA_HOME", home.toString());
        // The JDK running these tests is the one the build runs on (>= 21, enforced by the build).
        env.put("JAVA_HOME", Path.of(System.getProperty("java.home")).toString());
        env.put("SYMBIA_CDS", "off");
        env.put("SYMBIA_ADMIN_EMAIL", ADMIN_EMAIL);
        env.put("SYMBIA_ADMIN_PASSWORD", ADMIN_PASSWORD);
        env.put("SYMBIA_PG_PORT", String.valueOf(ports.get("postgres")));
        env.put("GATEWAY_PORT", String.valueOf(ports.get("gateway")));
        for (SymbiaService service : SymbiaService.values()) {
            env.put(service.envPrefix() + "_PORT", String.valueOf(ports.get(service.id())));
        }
        // Only the fake provider has a key, so every chat goes to it whatever the machine's environment holds.
        env.put("SYMBIA_DEFAULT_PROVIDER", "sambanova");
        env.put("SAMBANOVA_BASE_URL", provider.baseUrl());
        env.put("SAMBANOVA_API_KEY", "sn-e2e-fake-key");
        env.put("HUGGINGFACE_API_KEY", "");
        env.put("OPENAI_API_KEY", "");
        // Connector URLs at the vendor fake; no platform-wide tokens, so a caller's vault credential is what is used
        // (and nothing goes to Supabase for a user without a supabase key).
        env.put("JFROG_URL", vendors.url("/"));
        env.put("JFROG_ACCESS_TOKEN", "");
        env.put("RAILWAY_API_URL", vendors.url("/graphql/v2"));
        env.put("RAILWAY_API_TOKEN", "");
        env.put("SUPABASE_URL", vendors.url("/"));
        env.put("SUPABASE_SERVICE_ROLE_KEY", "");
    }

    private static boolean isServicePortVariable(String key) {
        for (SymbiaService service : SymbiaService.values()) {
            if (key.equals(service.envPrefix() + "_PORT")) {
                return true;
            }
        }
        return false;
    }

    /** Processes carrying this stack's marker, and the PostgreSQL server of its data directory. */
    private List<ProcessHandle> leftovers() {
        String marker = "-Dsymbia.home=" + home;
        String pgData = home.resolve("pgdata").toString();
        return ProcessHandle.allProcesses()
                .filter(p -> p.pid() != ProcessHandle.current().pid())
                .filter(p -> p.info().commandLine()
                        .map(cmd -> cmd.contains(marker) || (cmd.contains("postgres") && cmd.contains(pgData)))
                        .orElse(false))
                .toList();
    }

    /**
     * Ten distinct free ports below the kernel's ephemeral range (32768+ on Linux, 49152+ on macOS),
     * so no outgoing connection of the starting services can take one before its owner binds it.
     */
    private static Map<String, Integer> pickPorts() throws IOException {
        List<String> names = new ArrayList<>();
        names.add("postgres");
        for (SymbiaService service : SymbiaService.values()) {
            names.add(service.id());
        }
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
                ServerSocket socket = tryBind(candidate);
                if (socket != null) {
                    held.add(socket);   // held until all are chosen: the ten are distinct and free
                    ports.put(names.get(ports.size()), candidate);
                }
            }
        } finally {
            for (ServerSocket socket : held) {
                socket.close();
            }
        }
        return ports;
    }

    private static ServerSocket tryBind(int port) {
        try {
            ServerSocket socket = new ServerSocket();
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), port));
            return socket;
        } catch (IOException e) {
            return null;
        }
    }

    private static java.io.File nullFile() {
        return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }

    private static void waitQuietly(Process process, Duration timeout) {
        try {
            process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String read(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8) : "(no output)";
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    private static List<String> readLines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return List.of("(unreadable: " + e + ")");
        }
    }

    private static void deleteQuietly(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            System.err.println("[e2e] could not delete " + dir + ": " + e);
        }
    }
}
