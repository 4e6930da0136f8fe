package dev.symbia.test.postgres;

import dev.symbia.embeddedpg.PostgresBinaries;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The PostgreSQL server tests run against: one per test JVM, started on first use.
 * Testcontainers when a Docker engine is reachable, otherwise the embedded binaries from Maven
 * Central. Never an in-memory imitation. Each caller gets its own new database, so tests never see
 * each other's rows.
 *
 * <p>The container image is {@value #DEFAULT_IMAGE} unless {@code SYMBIA_TEST_POSTGRES_IMAGE} (or the
 * system property {@code symbia.test.postgres-image}) names another one that behaves like the official
 * image, e.g. {@code symbia-local/postgres:17} from scripts/local-base-images.sh where Docker Hub is out
 * of reach (there, also {@code TESTCONTAINERS_RYUK_DISABLED=true}: Ryuk's image comes from Docker Hub).
 */
public final class TestPostgres {

    static final String DEFAULT_IMAGE = "postgres:17-alpine";

    private static volatile Server server;

    private TestPostgres() {
    }

    /** Creates a new empty database and returns how to reach it. */
    public static TestDatabase freshDatabase() {
        Server s = server();
        String name = "test_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection admin = DriverManager.getConnection(s.adminUrl(), s.username(), s.password());
             Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create test database: " + e.getMessage(), e);
        }
        return new TestDatabase(name, s.urlFor(name), s.username(), s.password());
    }

    /** Which kind of server is in use, for test reports. */
    public static String kind() {
        return server().kind();
    }

    private static Server server() {
        Server s = server;
        if (s == null) {
            synchronized (TestPostgres.class) {
                s = server;
                if (s == null) {
                    s = dockerAvailable() ? containerServer() : embeddedServer();
                    server = s;
                }
            }
        }
        return s;
    }

    private static boolean dockerAvailable() {
        if (Boolean.getBoolean("symbia.test.embedded-only") || "true".equals(System.getenv("SYMBIA_TEST_EMBEDDED_ONLY"))) {
            return false;
        }
        // Ask Testcontainers only when an engine could be there, to keep its probe noise out of logs.
        boolean engineConfigured = System.getenv("DOCKER_HOST") != null
                || java.nio.file.Files.exists(java.nio.file.Path.of("/var/run/docker.sock"));
        if (!engineConfigured) {
            return false;
        }
        try {
            DockerClientFactory.instance().client();
            return true;
        } catch (Throwable e) {
            // An engine was expected here: say why it is not used rather than falling back silently.
            System.err.println("TestPostgres: a Docker engine is configured but Testcontainers cannot use it ("
                    + e.getMessage() + "); using embedded PostgreSQL");
            return false;
        }
    }

    private static Server embeddedServer() {
        try {
            // Unpacked safely (atomic, shared with start.sh's launcher and other test JVMs), then run.
            Path binaries = PostgresBinaries.prepare(PostgresBinaries.defaultLocation());
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setOverrideWorkingDirectory(binaries.toFile())
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("full_page_writes", "off")
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    postgres.close();
                } catch (IOException ignored) {
                    // the JVM is exiting; the temporary cluster is removed with it
                }
            }, "test-postgres-stop"));
            String base = "jdbc:postgresql://localhost:" + postgres.getPort() + "/";
            return new Server("embedded", base, "postgres", "postgres");
        } catch (IOException e) {
            throw new UncheckedIOException("could not start embedded PostgreSQL", e);
        }
    }

    private static Server containerServer() {
        PostgreSQLContainer container = new PostgreSQLContainer(containerImage())
                .withCommand("postgres", "-c", "max_connections=300", "-c", "fsync=off");
        container.start();
        String base = "jdbc:postgresql://" + container.getHost() + ":" + container.getMappedPort(5432) + "/";
        return new Server("testcontainers", base, container.getUsername(), container.getPassword());
    }

    /** The configured image; a non-official name is declared a stand-in for "postgres" on purpose. */
    static DockerImageName containerImage() {
        String configured = System.getProperty("symbia.test.postgres-image", System.getenv("SYMBIA_TEST_POSTGRES_IMAGE"));
        String name = configured == null || configured.isBlank() ? DEFAULT_IMAGE : configured.strip();
        return DockerImageName.parse(name).asCompatibleSubstituteFor("postgres");
    }

    private record Server(String kind, String baseUrl, String username, String password) {
        String adminUrl() {
            return baseUrl + "postgres";
        }

        String urlFor(String database) {
            return baseUrl + database;
        }
    }
}
