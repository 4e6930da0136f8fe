package dev.symbia.embeddedpg;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The embedded PostgreSQL binaries, unpacked once per location and never trusted half-done.
 *
 * <p>zonky unpacks in place and marks the directory complete at the end. A process killed halfway
 * (or a full disk) leaves a directory its next run cannot repair ({@code FileAlreadyExistsException}
 * on a symlink), and it holds every file of the 57 MB archive in memory at once, more than a small
 * launcher heap has. Here the archive is streamed into a private staging directory, checked,
 * marked complete with a manifest of every file's size, and renamed into place in one step, all
 * under a lock file that every process on the machine takes. zonky, pointed at the same location
 * ({@code setOverrideWorkingDirectory}), then finds a complete directory and only runs it.
 *
 * <p>Location: {@code SYMBIA_PG_BINARIES}, else zonky's own default ({@code ot.epg.working-dir},
 * else {@code <tmp>/embedded-pg}).
 */
public final class PostgresBinaries {

    /** Environment variable naming the directory the binaries are unpacked into. */
    public static final String LOCATION_ENV = "SYMBIA_PG_BINARIES";

    /** zonky's completion marker; ours also lists every file's size, so a torn unpack is never trusted. */
    static final String MARKER = ".exists";
    static final String MANIFEST_HEADER = "symbia-embedded-pg manifest 1";

    /** The archive unpacks to about 57 MB; refuse early, with a clear message, below this. */
    static final long MIN_FREE_BYTES = 128L << 20;

    private static final String[] REQUIRED = {"bin/postgres", "bin/initdb", "bin/pg_ctl"};

    /** FileChannel locks are per process; threads of one process queue here first. */
    private static final Object IN_PROCESS = new Object();

    private PostgresBinaries() {
    }

    /** The location from {@code SYMBIA_PG_BINARIES}, else zonky's default. */
    public static Path defaultLocation() {
        String configured = System.getenv(LOCATION_ENV);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath();
        }
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"), "embedded-pg");
        return Path.of(System.getProperty("ot.epg.working-dir", tmp.toString())).toAbsolutePath();
    }

    /**
     * Makes sure the binaries for this platform are completely unpacked under {@code location} and
     * returns {@code location}, to hand to zonky's {@code setOverrideWorkingDirectory}.
     */
    public static Path prepare(Path location) throws IOException {
        return prepare(location, DefaultPostgresBinaryResolver.INSTANCE);
    }

    static Path prepare(Path location, PgBinaryResolver resolver) throws IOException {
        Files.createDirectories(location);
        String digest = digest(resolver);
        Path target = location.resolve("PG-" + digest);
        if (isComplete(target)) {
            return location;
        }
        synchronized (IN_PROCESS) {
            try (FileChannel lockFile = FileChannel.open(location.resolve("PG-" + digest + ".lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = lockFile.lock()) {
                // Whoever held the lock before us may have finished the job.
                if (!isComplete(target)) {
                    unpack(resolver, location, digest, target);
                }
            }
        }
        return location;
    }

    /** Complete: marked, every listed file present with its size, and the marker newest (zonky's own test). */
    static boolean isComplete(Path dir) {
        Path marker = dir.resolve(MARKER);
        if (!Files.isRegularFile(marker)) {
            return false;
        }
        try {
            var lines = Files.readAllLines(marker);
            if (lines.isEmpty() || !MANIFEST_HEADER.equals(lines.getFirst())) {
                return false;
            }
            for (String line : lines.subList(1, lines.size())) {
                int space = line.indexOf(' ');
                Path file = dir.resolve(line.substring(space + 1));
                if (space < 1 || !Files.isRegularFile(file) || Files.size(file) != Long.parseLong(line.substring(0, space))) {
                    return false;
                }
            }
            for (String required : REQUIRED) {
                if (!Files.isExecutable(dir.resolve(required))) {
                    return false;
                }
            }
            long markedAt = Files.getLastModifiedTime(marker).toMillis();
            if (Files.getLastModifiedTime(dir).toMillis() - 100 > markedAt) {
                return false;
            }
            try (Stream<Path> entries = Files.list(dir)) {
                return entries.filter(p -> !p.equals(marker)).allMatch(p -> modified(p) <= markedAt);
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static void unpack(PgBinaryResolver resolver, Path location, String digest, Path target) throws IOException {
        removeLeftovers(location, digest);
        long free = Files.getFileStore(location).getUsableSpace();
        if (free < MIN_FREE_BYTES) {
            throw new IOException(String.format(Locale.ROOT,
                    "not enough disk space to unpack the PostgreSQL binaries into %s: %d MB free, about %d MB needed",
                    location, free >> 20, MIN_FREE_BYTES >> 20));
        }
        Path staging = location.resolve("PG-" + digest + ".unpacking-" + ProcessHandle.current().pid());
        try {
            try (InputStream archive = open(resolver)) {
                TxzUnpacker.unpack(archive, staging);
            }
            for (String required : REQUIRED) {
                if (!Files.isExecutable(staging.resolve(required))) {
                    throw new IOException("the PostgreSQL archive has no executable " + required);
                }
            }
            Files.write(staging.resolve(MARKER), TxzUnpacker.manifest(staging, MANIFEST_HEADER));
            if (Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                // Incomplete (checked under the lock): set aside first so the rename below is atomic.
                Path broken = location.resolve("PG-" + digest + ".broken-" + ProcessHandle.current().pid());
                Files.move(target, broken);
                deleteTree(broken);
            }
            Files.move(staging, target);
            // The marker must be newer than everything in the directory, the directory included.
            Files.setLastModifiedTime(target.resolve(MARKER), FileTime.fromMillis(System.currentTimeMillis() + 1000));
        } catch (IOException e) {
            deleteQuietly(staging);
            String message = String.valueOf(e.getMessage());
            if (message.contains("No space left on device")) {
                throw new IOException("no space left on device while unpacking the PostgreSQL binaries into " + location, e);
            }
            throw new IOException("could not unpack the PostgreSQL binaries into " + location + ": " + message, e);
        }
    }

    /** Staging and set-aside directories of processes that died holding this lock (we hold it now). */
    private static void removeLeftovers(Path location, String digest) throws IOException {
        String staging = "PG-" + digest + ".unpacking-";
        String broken = "PG-" + digest + ".broken-";
        try (Stream<Path> entries = Files.list(location)) {
            for (Path entry : entries.toList()) {
                String name = entry.getFileName().toString();
                if (name.startsWith(staging) || name.startsWith(broken)) {
                    deleteTree(entry);
                }
            }
        }
    }

    /** zonky names the directory after the MD5 of the archive; so do we, so that it finds ours. */
    private static String digest(PgBinaryResolver resolver) throws IOException {
        MessageDigest md5;
        try {
            md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (DigestInputStream in = new DigestInputStream(open(resolver), md5)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(md5.digest());
    }

    private static InputStream open(PgBinaryResolver resolver) throws IOException {
        InputStream in = resolver.getPgBinary(system(), architecture());
        if (in == null) {
            throw new IOException("no PostgreSQL binaries on the class path for " + system() + " " + architecture());
        }
        return in;
    }

    // The names zonky's resolver expects.
    private static String system() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.contains("win")) {
            return "Windows";
        }
        if (os.contains("mac")) {
            return "Darwin";
        }
        return "Linux";
    }

    private static String architecture() {
        String arch = System.getProperty("os.arch", "");
        return "amd64".equals(arch) ? "x86_64" : arch;
    }

    private static long modified(Path path) {
        try {
            return Files.getLastModifiedTime(path, java.nio.file.LinkOption.NOFOLLOW_LINKS).toMillis();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    private static void deleteQuietly(Path root) {
        try {
            deleteTree(root);
        } catch (IOException | RuntimeException ignored) {
            // a leftover staging directory is removed by the next run, under the lock
        }
    }
}
