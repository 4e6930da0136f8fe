package dev.symbia.db.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Runs a real PostgreSQL (binaries from Maven Central, no installation) for local development,
 * keeping its data between runs. start.sh runs this as its own process before the services.
 *
 * <p>Configuration: {@code SYMBIA_PG_DATA} (data directory, default {@code .symbia/pgdata}) and
 * {@code SYMBIA_PG_PORT} (default 15432, chosen to stay clear of a system PostgreSQL on 5432).
 * It listens on loopback only and trusts local connections: a developer database, never a server.
 */
public final class EmbeddedPostgresLauncher {

    public static final int DEFAULT_PORT = 15432;

    private EmbeddedPostgresLauncher() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> env = System.getenv();
        Path dataDir = Path.of(env.getOrDefault("SYMBIA_PG_DATA", ".symbia/pgdata")).toAbsolutePath();
        int port = Integer.parseInt(env.getOrDefault("SYMBIA_PG_PORT", String.valueOf(DEFAULT_PORT)));

        EmbeddedPostgres postgres = start(dataDir, port);
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
        System.out.println("PostgreSQL ready on 127.0.0.1:" + postgres.getPort() + " (data " + dataDir + ")");
        stopped.await();
    }

    /** Starts (initialising the directory only the first time) and returns the running server. */
    public static EmbeddedPostgres start(Path dataDir, int port) throws IOException {
        Files.createDirectories(dataDir);
        return EmbeddedPostgres.builder()
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
}
