package dev.symbia.devdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher as a newcomer's first {@code ./start.sh} meets it: the packaged jar, start.sh's JVM
 * flags ({@code jvm.options}), and a binaries location that is empty, half-unpacked, abandoned by a
 * killed launcher, or contended by a second launcher. The location is a temporary directory, never
 * the user's own.
 */
class LauncherFirstRunIT {

    private static final Duration READY_WITHIN = Duration.ofSeconds(150);

    @TempDir
    Path work;

    private final List<Process> launched = new ArrayList<>();

    @AfterEach
    void stopLaunchers() throws InterruptedException {
        for (Process process : launched) {
            process.destroy(); // SIGTERM: the launcher's shutdown hook stops its postmaster
            if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    @Test
    void startsOnALocationWhereNothingWasEverUnpacked() throws Exception {
        Path binaries = work.resolve("binaries");
        Launch launch = launch(binaries, "data", freePort());

        launch.awaitReady();

        assertThat(queryOne(launch.port())).isEqualTo(1);
        assertThat(unpackedDirectories(binaries)).hasSize(1);
        assertThat(Files.readString(launch.log())).contains("PostgreSQL binaries in " + binaries);
    }

    @Test
    void redoesAHalfUnpackedLocationInsteadOfTrustingIt() throws Exception {
        Path binaries = work.resolve("binaries");
        Launch first = launch(binaries, "data-1", freePort());
        first.awaitReady();
        stop(first);
        // What a launcher killed halfway through zonky's own unpacking left behind: no completion
        // marker, files missing, and the symlink that made every later start fail.
        Path unpacked = unpackedDirectories(binaries).getFirst();
        Files.delete(unpacked.resolve(".exists"));
        Files.delete(unpacked.resolve("lib/libicui18n.so.60.2"));
        try (Stream<Path> share = Files.list(unpacked.resolve("share/postgresql"))) {
            for (Path file : share.filter(Files::isRegularFile).limit(20).toList()) {
                Files.delete(file);
            }
        }
        assertThat(Files.isSymbolicLink(unpacked.resolve("lib/libicui18n.so.60"))).isTrue();

        Launch second = launch(binaries, "data-2", freePort());

        second.awaitReady();
        assertThat(queryOne(second.port())).isEqualTo(1);
        assertThat(Files.isRegularFile(unpacked.resolve("lib/libicui18n.so.60.2"))).isTrue();
    }

    @Test
    void recoversFromALauncherKilledDuringItsFirstUnpack() throws Exception {
        Path binaries = work.resolve("binaries");
        Launch killed = launch(binaries, "data-1", freePort());
        await().atMost(READY_WITHIN).pollInterval(Duration.ofMillis(5))
                .until(() -> staging(binaries).anyMatch(dir -> Files.isDirectory(dir.resolve("lib"))));
        killed.process().destroyForcibly().waitFor();

        assertThat(unpackedDirectories(binaries)).as("nothing complete was left behind").isEmpty();
        assertThat(staging(binaries)).as("a torn staging directory was").isNotEmpty();

        Launch again = launch(binaries, "data-2", freePort());

        again.awaitReady();
        assertThat(queryOne(again.port())).isEqualTo(1);
        assertThat(staging(binaries)).as("the leftover is cleaned up").isEmpty();
    }

    @Test
    void twoLaunchersRacingForOneLocationBothStart() throws Exception {
        Path binaries = work.resolve("binaries");
        Launch one = launch(binaries, "data-1", freePort());
        Launch two = launch(binaries, "data-2", freePort());

        one.awaitReady();
        two.awaitReady();

        assertThat(queryOne(one.port())).isEqualTo(1);
        assertThat(queryOne(two.port())).isEqualTo(1);
        assertThat(unpackedDirectories(binaries)).hasSize(1);
        assertThat(staging(binaries)).isEmpty();
    }

    private Launch launch(Path binaries, String data, int port) throws IOException {
        Path log = work.resolve(data + ".log");
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElseThrow());
        command.addAll(startShFlags());
        command.add("-jar");
        command.add(Path.of("target/symbia-devdb.jar").toAbsolutePath().toString());
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("SYMBIA_PG_BINARIES", binaries.toString());
        builder.environment().put("SYMBIA_PG_DATA", work.resolve(data).toString());
        builder.environment().put("SYMBIA_PG_PORT", String.valueOf(port));
        Process process = builder.start();
        launched.add(process);
        return new Launch(process, log, port);
    }

    /** The flags start.sh passes, from the one file both read. */
    private static List<String> startShFlags() throws IOException {
        String options = Files.readString(Path.of("jvm.options"), StandardCharsets.UTF_8).trim();
        assertThat(options).contains("-Xmx");
        return Arrays.asList(options.split("\\s+"));
    }

    private static void stop(Launch launch) throws InterruptedException {
        launch.process().destroy();
        assertThat(launch.process().waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    }

    private static List<Path> unpackedDirectories(Path binaries) throws IOException {
        try (Stream<Path> entries = Files.list(binaries)) {
            return entries.filter(p -> p.getFileName().toString().matches("PG-[0-9a-f]{32}"))
                    .filter(p -> Files.isRegularFile(p.resolve(".exists")))
                    .toList();
        }
    }

    private static Stream<Path> staging(Path binaries) throws IOException {
        if (!Files.isDirectory(binaries)) {
            return Stream.empty();
        }
        try (Stream<Path> entries = Files.list(binaries)) {
            return entries.filter(p -> p.getFileName().toString().contains(".unpacking-")).toList().stream();
        }
    }

    private static int queryOne(int port) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres", "");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT 1")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private record Launch(Process process, Path log, int port) {

        void awaitReady() {
            await().atMost(READY_WITHIN).pollInterval(Duration.ofMillis(100)).until(() -> {
                String output = Files.exists(log) ? Files.readString(log) : "";
                if (!process.isAlive()) {
                    throw new AssertionError("the launcher exited with " + process.exitValue() + ":\n" + output);
                }
                return output.contains(EmbeddedPostgresLauncher.READY);
            });
        }
    }
}
