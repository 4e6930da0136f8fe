package dev.symbia.bench;

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
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM the load-generator mains start themselves: a service's executable jar (or a main class
 * of this jar), optionally pinned to CPUs with {@code taskset}, with an environment cleaned of
 * anything from the caller's shell that could point it elsewhere, its output in a log file, and
 * "ready" meaning an HTTP 200 from a readiness URL. Loopback only.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(240);

    private final String name;
    private final Process process;
    private final Path log;
    private final List<String> command;
    private final String cpus;

    private ServiceProcess(String name, List<String> javaArgs, String javaOpts, Map<String, String> env, String cpus,
            Path log) throws IOException {
        this.name = name;
        this.log = log;
        this.cpus = cpus;
        List<String> cmd = new ArrayList<>();
        if (cpus != null) {
            cmd.addAll(List.of("taskset", "-c", cpus));
        }
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        if (javaOpts != null && !javaOpts.isBlank()) {
            cmd.addAll(Arrays.asList(javaOpts.trim().split("\\s+")));
        }
        cmd.addAll(javaArgs);
        this.command = List.copyOf(cmd);
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> environment = builder.environment();
        // Nothing from the caller's shell that could point the child at another database, identity or network.
        environment.keySet().removeIf(key -> key.endsWith("_API_KEY") || key.endsWith("_BASE_URL") || key.endsWith("_PORT")
                || key.endsWith("DATABASE_URL") || key.endsWith("_SERVICE_URL") || key.startsWith("OTEL_")
                || key.startsWith("SPRING_") || key.startsWith("SYMBIA_") || key.startsWith("NETWORK_")
                || key.startsWith("LOGGING_") || key.endsWith("_RETENTION_DAYS") || key.equals("PORT")
                || key.equals("INTERNAL_SERVICE_SECRET") || key.equals("JAVA_TOOL_OPTIONS"));
        environment.putAll(env);
        log("starting %s: %s (log: %s)", name, String.join(" ", command), log);
        this.process = builder.start();
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, name + "-stop"));
    }

    /**
     * A service's executable jar, run from a copy in {@code workDir} (a concurrent build repackaging
     * the original must not pull it from under the JVM).
     */
    public static ServiceProcess jar(String name, Path jar, String javaOpts, Map<String, String> env, String cpus,
            Path workDir) throws IOException {
        Path source = jar.toAbsolutePath().normalize();
        if (!Files.isRegularFile(source)) {
            throw new IllegalStateException("no " + name + " jar at " + source + " — build it: ./mvnw -B -ntp -q -pl "
                    + name + " -am package -DskipTests (or pass --jar)");
        }
        Files.createDirectories(workDir);
        Path copy = workDir.resolve(name + ".jar").toAbsolutePath();
        Files.copy(source, copy, StandardCopyOption.REPLACE_EXISTING);
        return new ServiceProcess(name, List.of("-jar", copy.toString()), javaOpts, env, cpus,
                workDir.resolve(name + ".log").toAbsolutePath());
    }

    /** A main class of this very jar (the classpath this JVM runs with). */
    public static ServiceProcess main(String name, Class<?> mainClass, List<String> args, String javaOpts, String cpus,
            Path workDir) throws IOException {
        List<String> javaArgs = new ArrayList<>(List.of("-cp", System.getProperty("java.class.path"), mainClass.getName()));
        javaArgs.addAll(args);
        return new ServiceProcess(name, javaArgs, javaOpts, Map.of(), cpus, workDir.resolve(name + ".log").toAbsolutePath());
    }

    /** Waits until {@code url} answers 200 (the child exiting, or 240 s, is a failure). */
    public ServiceProcess awaitReady(URI url) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest ready = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(5)).GET().build();
        long started = System.nanoTime();
        long deadline = started + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; last lines of " + log
                        + ":\n" + tail());
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    log("%s ready after %.1f s", name, (System.nanoTime() - started) / 1e9);
                    return this;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(name + " not ready within " + READY_TIMEOUT.toSeconds() + " s; last lines of "
                + log + ":\n" + tail());
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** CPU time the child has used so far (user + system, all threads), in nanoseconds; -1 if unknown. */
    public long cpuNanos() {
        return process.toHandle().info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
    }

    /** The CPUs it is pinned to, or null. */
    public String cpus() {
        return cpus;
    }

    public Path log() {
        return log;
    }

    public String command() {
        return String.join(" ", command);
    }

    /** The last 40 lines of its output. */
    public String tail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    // ---- the machine ----

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Whether {@code taskset} (util-linux) can pin processes here. */
    public static boolean tasksetAvailable() {
        try {
            Process probe = new ProcessBuilder("taskset", "-p", String.valueOf(ProcessHandle.current().pid()))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return probe.waitFor(5, TimeUnit.SECONDS) && probe.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Pins this JVM, every thread of it, to {@code cpus}; processes it starts afterwards (PostgreSQL)
     * inherit that. True on success.
     */
    public static boolean pinSelf(String cpus) {
        try {
            Process pin = new ProcessBuilder("taskset", "-a", "-p", "-c", cpus, String.valueOf(ProcessHandle.current().pid()))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return pin.waitFor(5, TimeUnit.SECONDS) && pin.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static void log(String format, Object... args) {
        System.out.printf(Locale.ROOT, "[bench] " + format + "%n", args);
    }
}
