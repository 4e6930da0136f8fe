package dev.symbia.embeddedpg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostgresBinariesTests {

    @TempDir
    Path location;

    @Test
    void unpacksOnceAndMarksTheResultComplete() throws Exception {
        PostgresBinaries.prepare(location);

        Path unpacked = single(location);
        assertThat(PostgresBinaries.isComplete(unpacked)).isTrue();
        assertThat(Files.isExecutable(unpacked.resolve("bin/postgres"))).isTrue();
        assertThat(Files.readAllLines(unpacked.resolve(".exists"))).first().isEqualTo(PostgresBinaries.MANIFEST_HEADER);
        FileTime marked = Files.getLastModifiedTime(unpacked.resolve(".exists"));

        PostgresBinaries.prepare(location);

        assertThat(Files.getLastModifiedTime(unpacked.resolve(".exists"))).as("not unpacked again").isEqualTo(marked);
    }

    @Test
    void aTruncatedFileIsNotTrustedAndIsUnpackedAgain() throws Exception {
        PostgresBinaries.prepare(location);
        Path unpacked = single(location);
        Path library = unpacked.resolve("lib/libicudata.so.60.2");
        Files.write(library, new byte[0]); // what a power loss can leave behind a marker written too soon

        assertThat(PostgresBinaries.isComplete(unpacked)).isFalse();
        PostgresBinaries.prepare(location);

        assertThat(Files.size(library)).isGreaterThan(1_000_000);
        assertThat(PostgresBinaries.isComplete(single(location))).isTrue();
        try (Stream<Path> entries = Files.list(location)) {
            assertThat(entries.map(p -> p.getFileName().toString()))
                    .as("the set-aside copy is gone").noneMatch(name -> name.contains(".broken-"));
        }
    }

    @Test
    void threadsOfOneProcessShareOneUnpack() throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<Path>> runs = Stream.generate(() -> CompletableFuture.supplyAsync(() -> {
            try {
                go.await();
                return PostgresBinaries.prepare(location);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        })).limit(3).toList();
        go.countDown();

        for (CompletableFuture<Path> run : runs) {
            assertThat(run.get()).isEqualTo(location);
        }
        assertThat(PostgresBinaries.isComplete(single(location))).isTrue();
    }

    @Test
    void aBrokenArchiveLeavesNothingBehindButTheLock() throws Exception {
        PgBinaryResolver broken = (system, arch) -> new ByteArrayInputStream("not an xz archive".getBytes());

        assertThatThrownBy(() -> PostgresBinaries.prepare(location, broken))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("could not unpack the PostgreSQL binaries into " + location);
        try (Stream<Path> entries = Files.list(location)) {
            assertThat(entries.map(p -> p.getFileName().toString())).allMatch(name -> name.endsWith(".lock"));
        }
    }

    @Test
    void noArchiveForThePlatformIsAClearError() {
        PgBinaryResolver none = (system, arch) -> null;

        assertThatThrownBy(() -> PostgresBinaries.prepare(location, none))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("no PostgreSQL binaries on the class path for ");
    }

    private static Path single(Path location) throws IOException {
        try (Stream<Path> entries = Files.list(location)) {
            List<Path> dirs = entries.filter(p -> p.getFileName().toString().matches("PG-[0-9a-f]{32}")).toList();
            assertThat(dirs).hasSize(1);
            return dirs.getFirst();
        }
    }
}
