package dev.symbia.devdb;

import dev.symbia.embeddedpg.PostgresBinaries;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Runs a real PostgreSQL (binaries from Maven Central, no installation) for local development,
 * keeping its data between runs. start.sh runs this as its own process before the services, with
 * the JVM flags in {@code tools/devdb/jvm.options} (the launcher's tests use the same file).
 *
 * <p>Configuration: {@code SYMBIA_PG_DATA} (data directory, default {@code .symbia/pgdata}),
 * {@code SYMBIA_PG_PORT} (default 15432, clear of a system PostgreSQL on 5432) and
 * {@code SYMBIA_PG_BINARIES} (where the binaries are unpacked; see {@link PostgresBinaries}).
 * It listens on loopback only and trusts local connections: a developer database, never a server.
 */
public final class EmbeddedPostgresLauncher {

    public static final int DEFAULT_PORT = 15432;

    /** start.sh waits for this line. */
    static final String READY = "PostgreSQL ready on";

    private EmbeddedPostgresLauncher() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> env = System.getenv();
        Path dataDir = Path.of(env.getOrDefault("SYMBIA_PG_DATA", ".symbia/pgdata")).toAbsolutePath();
        int port = Integer.parseInt(env.getOrDefault("SYMBIA_PG_PORT", String.valueOf(DEFAULT_PORT)));
        Path binaries = PostgresBinaries.defaultLocation();

        EmbeddedPostgres postgres;
        try {
            System.out.println("PostgreSQL binaries in " + binaries + " (unpacked on first use)");
            postgres = start(dataDir, port, binaries);
        } catch (IOException | RuntimeException e) {
            // One line a newcomer can act on; start.sh shows it with the log's first lines.
            System.err.println("error: PostgreSQL did not start: " + rootMessage(e));
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                postgres.close();
            } catch (IOException e) {
                System.err.println("PostgreSQL did not stop cleanly: " + e.getMessage());
            } finally {
                stopped.countDown();
            }
        }, "postgres-stop"));
        System.out.println(READY + " 127.0.0.1:" + postgres.getPort() + " (data " + dataDir + ")");
        stopped.await();
    }

    /** Starts (initialising the directory only the first time) and returns the running server. */
    public static EmbeddedPostgres start(Path dataDir, int port, Path binaries) throws IOException {
        Files.createDirectories(dataDir);
        PostgresBinaries.prepare(binaries);
        return EmbeddedPostgres.builder()
                .setOverrideWorkingDirectory(binaries.toFile())
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setPort(port)
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("max_connections", "300")
                .setServerConfig("shared_buffers", "64MB")
                // A dev database: a crash may lose the last few ms of commits, never corrupt data.
                .setServerConfig("synchronous_commit", "off")
                .setPGStartupWait(Duration.ofSeconds(60))
                .start();
    }

    private static String rootMessage(Throwable e) {
        StringBuilder message = new StringBuilder(String.valueOf(e.getMessage()));
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            if (cause.getMessage() != null && !message.toString().contains(cause.getMessage())) {
                message.append(": ").append(cause.getMessage());
            }
        }
        return message.toString();
    }
}
