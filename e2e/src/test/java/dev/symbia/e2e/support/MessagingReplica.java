package dev.symbia.e2e.support;

import dev.symbia.core.SymbiaService;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A second messaging process next to the stack's own, as a second replica behind a load balancer would be:
 * the same jar, JVM options, database and secrets as start.sh gives messaging, on a port of its own. The
 * gateway keeps routing to the stack's messaging (replica A); tests reach this one (replica B) directly.
 *
 * <p>The relay to the network is off here: the network keeps one live connection per node id and a newer
 * one replaces the older, so two {@code messaging} nodes would keep displacing each other (and replica A's
 * assistant fan-out with them). Live delivery between replicas goes through PostgreSQL, not the network.
 *
 * <p>Its command line carries the stack's {@code -Dsymbia.home} marker, so even if {@link #close()} never ran
 * the stack's own shutdown kills it; a JVM shutdown hook stops it too.
 */
public final class MessagingReplica implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final String NAME = "messaging-replica";
    /** start.sh's dev secrets, in the file it keeps them in ($SYMBIA_HOME/secrets.env). */
    private static final List<String> SECRETS = List.of("SESSION_SECRET", "NETWORK_HASH_SECRET",
            "INTERNAL_SERVICE_SECRET", "CREDENTIAL_ENCRYPTION_KEY");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final int port;
    private final Path log;
    private final Thread shutdownHook;

    private MessagingReplica(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.shutdownHook = new Thread(this::stop, NAME + "-stop");
    }

    /** Starts the replica and returns once its {@code /health/ready} answers 200; throws with its log if not. */
    public static MessagingReplica start(SymbiaStack stack) {
        try {
            int port = freePort();
            Path log = stack.home().resolve("logs").resolve(NAME + ".log");
            Files.createDirectories(log.getParent());
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.add("-Dsymbia.process=" + NAME);
            command.add("-Dsymbia.home=" + stack.home());
            command.addAll(javaOptions(stack.root()));
            command.add("-jar");
            command.add(jar(stack).toString());
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(stack.root().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            environment(stack, builder.environment(), port);
            System.out.println("[e2e] starting a second messaging replica on :" + port + " (log " + log + ")");
            long t0 = System.nanoTime();
            MessagingReplica replica = new MessagingReplica(builder.start(), port, log);
            Runtime.getRuntime().addShutdownHook(replica.shutdownHook);
            try {
                replica.awaitReady();
            } catch (RuntimeException | Error e) {
                replica.close();
                throw e;
            }
            System.out.printf("[e2e] messaging replica ready on :%d in %.1f s%n", port, (System.nanoTime() - t0) / 1e9);
            return replica;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return port;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** The last lines of the replica's log, for failure messages. */
    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return "---- " + log + " ----\n" + String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(" + log + " unreadable: " + e + ")";
        }
    }

    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down: the hook runs (or ran) stop()
        }
    }

    /** SIGTERM (a graceful Spring shutdown), then SIGKILL after {@link #STOP_TIMEOUT}. */
    private void stop() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        HttpRequest ready = HttpRequest.newBuilder(URI.create(url() + "/health/ready")).timeout(Duration.ofSeconds(3)).build();
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the messaging replica exited with " + process.exitValue()
                        + " during startup\n" + logTail(60));
            }
            try {
                if (HTTP.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the messaging replica", e);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the messaging replica was not ready after " + READY_TIMEOUT + "\n" + logTail(60));
            }
            sleep(Duration.ofMillis(300));
        }
    }

    /**
     * What start.sh gives messaging (its export_environment and load_secrets, on top of what the stack gives
     * start.sh), with this replica's port and the relay off.
     */
    private static void environment(SymbiaStack stack, Map<String, String> env, int port) throws IOException {
        stack.launcherEnvironment(env);
        env.remove("SERVER_PORT");
        env.putIfAbsent("SYMBIA_ENV", "development");
        for (SymbiaService service : SymbiaService.values()) {
            int servicePort = stack.port(service.id());
            env.put(service.envPrefix() + "_PORT", String.valueOf(servicePort));
            env.put(service.envPrefix() + "_SERVICE_URL", "http://127.0.0.1:" + servicePort);
        }
        env.put("GATEWAY_PORT", String.valueOf(stack.gatewayPort()));
        env.put("DATABASE_URL", "postgres://postgres@127.0.0.1:" + stack.port("postgres") + "/postgres");
        Path secretsFile = stack.home().resolve("secrets.env");
        List<String> lines = Files.readAllLines(secretsFile, StandardCharsets.UTF_8);
        for (String name : SECRETS) {
            String value = null;
            for (String line : lines) { // the last one wins, as in start.sh
                if (line.startsWith(name + "=")) {
                    value = line.substring(name.length() + 1).trim();
                }
            }
            if (value == null || value.isEmpty()) {
                throw new IllegalStateException(name + " not found in " + secretsFile);
            }
            env.put(name, value);
        }
        env.put(SymbiaService.MESSAGING.envPrefix() + "_PORT", String.valueOf(port));
        env.put("NETWORK_RELAY_ENABLED", "false");
    }

    /** The jar start.sh runs (unpacked under $SYMBIA_HOME/app), else the one the build made. */
    private static Path jar(SymbiaStack stack) {
        Path unpacked = stack.home().resolve("app/messaging/messaging.jar");
        Path built = stack.root().resolve("messaging/target/messaging.jar");
        Path jar = Files.isRegularFile(unpacked) ? unpacked : built;
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no messaging jar at " + unpacked + " or " + built);
        }
        return jar;
    }

    /** start.sh's lean default JVM options (its default_java_opts), so both replicas run alike. */
    private static List<String> javaOptions(Path root) throws IOException {
        String script = Files.readString(root.resolve("start.sh"), StandardCharsets.UTF_8);
        Matcher options = Pattern.compile("default_java_opts\\(\\)\\s*\\{\\s*echo\\s+\"([^\"]*)\"").matcher(script);
        if (!options.find()) {
            throw new IllegalStateException("default_java_opts not found in start.sh");
        }
        return Arrays.stream(options.group(1).trim().split("\\s+")).toList();
    }

    /** A free port below the ephemeral range, like the stack's own (see SymbiaStack). */
    private static int freePort() throws IOException {
        for (int attempt = 0; attempt < 2000; attempt++) {
            int candidate = ThreadLocalRandom.current().nextInt(20000, 32768);
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(false);
                socket.bind(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), candidate));
                return candidate;
            } catch (IOException e) {
                // taken
            }
        }
        throw new IOException("no free port found in 20000-32767");
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
