package dev.symbia.models.registry;

import com.github.benmanes.caffeine.cache.LoadingCache;
import dev.symbia.models.ModelsProperties;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The registry of GGUF files in the models directory, persisted in {@code models.model}. A scan reads every
 * {@code *.gguf} file's header, hashes the weights unless (path, size, mtime) match the stored row, and replaces
 * the registry's content with what it found. The directory may be missing or empty: the registry is then empty.
 */
@Service
public class ModelRegistry {

    private static final Logger log = LoggerFactory.getLogger(ModelRegistry.class);

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final ModelsProperties properties;
    private final ReentrantLock scanning = new ReentrantLock();
    /**
     * Entries by id, for the request path (every completion looks its model up; a database round trip was a large
     * part of the time to first token). Emptied on every replica after a scan ({@link LookupCaches}), so a steadily
     * used model neither waits for the database nor has it reloaded in the background while it generates.
     */
    private final LoadingCache<String, Optional<ModelRecord>> byId;
    private final LookupCaches caches;
    private volatile Instant lastScan;

    ModelRegistry(JdbcClient jdbc, TransactionTemplate tx, ModelsProperties properties, LookupCaches caches) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.properties = properties;
        this.caches = caches;
        this.byId = caches.cache("registry",
                id -> jdbc.sql("SELECT * FROM model WHERE id = ?").param(id).query(ModelRegistry::row).optional());
    }

    /** What a scan found and changed. */
    public record ScanResult(List<ModelRecord> models, List<String> added, List<String> removed, int hashed,
            Instant scannedAt) {
    }

    public List<ModelRecord> all() {
        return jdbc.sql("SELECT * FROM model ORDER BY id").query(ModelRegistry::row).list();
    }

    public Optional<ModelRecord> find(String id) {
        return byId.get(id);
    }

    public Instant lastScan() {
        return lastScan;
    }

    /** Scans the models directory; one scan at a time (a second caller waits and then scans again). */
    public ScanResult rescan() {
        scanning.lock();
        try {
            return scan();
        } finally {
            scanning.unlock();
        }
    }

    private ScanResult scan() {
        Path dir = properties.path().toAbsolutePath().normalize();
        Map<String, ModelRecord> known = new HashMap<>();
        for (ModelRecord m : all()) {
            known.put(m.path(), m);
        }
        Map<String, ModelRecord> found = new LinkedHashMap<>();
        int hashed = 0;
        for (Path file : ggufFiles(dir)) {
            ModelRecord record;
            try {
                BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class);
                Instant mtime = attrs.lastModifiedTime().toInstant().truncatedTo(ChronoUnit.MICROS);
                ModelRecord previous = known.get(file.toString());
                GgufHeader header = GgufHeader.read(file); // before hashing: a file that is not GGUF is never hashed
                String digest;
                if (previous != null && previous.digest() != null && previous.sizeBytes() == attrs.size()
                        && previous.modifiedAt().equals(mtime)) {
                    digest = previous.digest();
                } else {
                    digest = sha256(file);
                    hashed++;
                }
                record = describe(file, header, attrs.size(), mtime, digest, previous);
            } catch (IOException e) {
                log.warn("Model file {} is unreadable: {}", file.getFileName(), e.getMessage());
                record = broken(file, e.getMessage(), known.get(file.toString()));
            }
            ModelRecord clash = found.putIfAbsent(record.id(), record);
            if (clash != null) {
                log.warn("Model file {} has the same id '{}' as {}; it is ignored", file.getFileName(), record.id(),
                        clash.filename());
            }
        }
        List<String> added = found.values().stream().filter(m -> !known.containsKey(m.path()))
                .map(ModelRecord::id).toList();
        List<String> removed = known.values().stream()
                .filter(m -> found.values().stream().noneMatch(f -> f.path().equals(m.path())))
                .map(ModelRecord::id).toList();
        tx.executeWithoutResult(status -> {
            jdbc.sql("DELETE FROM model").update();
            found.values().forEach(this::insert);
        });
        caches.changed("registry", null);
        lastScan = Instant.now();
        log.info("Models directory {}: {} model(s), {} added, {} removed, {} hashed", dir, found.size(),
                added.size(), removed.size(), hashed);
        return new ScanResult(List.copyOf(found.values()), added, removed, hashed, lastScan);
    }

    private static List<Path> ggufFiles(Path dir) {
        List<Path> files = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            log.info("Models directory {} does not exist: no models", dir);
            return files;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (name.toLowerCase(Locale.ROOT).endsWith(".gguf") && !name.startsWith(".")
                        && Files.isRegularFile(entry)) {
                    files.add(entry.toAbsolutePath().normalize());
                }
            }
        } catch (NoSuchFileException e) {
            return files;
        } catch (IOException e) {
            log.warn("Models directory {} is unreadable: {}", dir, e.getMessage());
        }
        files.sort(null);
        return files;
    }

    private static ModelRecord describe(Path file, GgufHeader header, long size, Instant mtime, String digest,
            ModelRecord previous) {
        String name = file.getFileName().toString();
        return new ModelRecord(ModelIds.fromFilename(name), name, file.toString(), size, mtime, digest,
                header.architecture(), header.string("general.name"), header.contextLength(), header.parameterCount(),
                header.quantization(), header.chatTemplate(), header.embedding(), null,
                previous == null ? Instant.now() : previous.discoveredAt());
    }

    private static ModelRecord broken(Path file, String error, ModelRecord previous) {
        String name = file.getFileName().toString();
        long size = 0;
        Instant mtime = Instant.EPOCH;
        try {
            size = Files.size(file);
            mtime = Files.getLastModifiedTime(file).toInstant().truncatedTo(ChronoUnit.MICROS);
        } catch (IOException ignored) {
            // listed with what we know
        }
        return new ModelRecord(ModelIds.fromFilename(name), name, file.toString(), size, mtime, null, null, null, null,
                null, null, null, false, error == null ? "unreadable" : error,
                previous == null ? Instant.now() : previous.discoveredAt());
    }

    static String sha256(Path file) throws IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] buffer = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private void insert(ModelRecord m) {
        jdbc.sql("""
                INSERT INTO model (id, filename, path, size_bytes, modified_at, digest, architecture, name,
                    context_length, parameter_count, quantization, chat_template, embedding, error, discovered_at,
                    updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now())""")
                .params(m.id(), m.filename(), m.path(), m.sizeBytes(), Timestamp.from(m.modifiedAt()), m.digest(),
                        m.architecture(), m.name(), m.contextLength(), m.parameterCount(), m.quantization(),
                        m.chatTemplate(), m.embedding(), m.error(), Timestamp.from(m.discoveredAt()))
                .update();
    }

    private static ModelRecord row(ResultSet rs, int n) throws SQLException {
        return new ModelRecord(rs.getString("id"), rs.getString("filename"), rs.getString("path"),
                rs.getLong("size_bytes"), rs.getTimestamp("modified_at").toInstant(), rs.getString("digest"),
                rs.getString("architecture"), rs.getString("name"), (Integer) rs.getObject("context_length"),
                (Long) rs.getObject("parameter_count"), rs.getString("quantization"), rs.getString("chat_template"),
                rs.getBoolean("embedding"), rs.getString("error"), rs.getTimestamp("discovered_at").toInstant());
    }
}
