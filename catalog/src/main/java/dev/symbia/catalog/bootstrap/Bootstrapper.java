package dev.symbia.catalog.bootstrap;

import dev.symbia.catalog.access.AccessPolicies;
import dev.symbia.catalog.config.CatalogProperties;
import dev.symbia.catalog.manifest.Manifests;
import dev.symbia.catalog.resource.CatalogEvents;
import dev.symbia.catalog.resource.Resource;
import dev.symbia.catalog.resource.ResourceStore;
import dev.symbia.relay.Jcs;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The platform's own public resources (runtime components' manifests, default assistants, provider integrations
 * and their models) from {@code classpath:bootstrap/*.json}, upserted on start. Fixes the reference's one-shot
 * INSERT ([GAP] §1.7):
 * <ul>
 *   <li>idempotent — an entry is matched by key and rewritten only when its digest (sha256 of its RFC 8785 form)
 *       changed, so a second run changes nothing and an edited file updates the live row (and publishes a new
 *       version) instead of duplicating it;</li>
 *   <li>all or nothing — one transaction under an advisory lock (replicas starting together take turns), so a
 *       failure leaves the previous state; it is retried with backoff;</li>
 *   <li>never overwrites a resource someone created with the same key (not {@code isBootstrap}): that entry is
 *       skipped with a warning;</li>
 *   <li>no flip-flop with the runtime, which corrects a component manifest that drifted from what it executes
 *       (PATCH + publish, keeping {@code isBootstrap} and the stored digest): the match is on the file's digest, not
 *       the row's content, so such a correction survives every later start and is rewritten only when the file
 *       entry itself changes. The file then wins as the newer intent, and a runtime test pins the file's manifests
 *       to the runtime's, so a release cannot ship a disagreement that the runtime would correct on each start.</li>
 * </ul>
 */
@Component
public class Bootstrapper implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(Bootstrapper.class);
    private static final String OWNER = "system:bootstrap";
    private static final long LOCK = 0x6361_7461_6c6f_67L; // "catalog"

    private final ResourceStore store;
    private final Manifests manifests;
    private final CatalogEvents events;
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final JsonMapper json;
    private final CatalogProperties properties;

    Bootstrapper(ResourceStore store, Manifests manifests, CatalogEvents events, JdbcClient jdbc, TransactionTemplate transactions,
            JsonMapper json, CatalogProperties properties) {
        this.store = store;
        this.manifests = manifests;
        this.events = events;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.json = json;
        this.properties = properties;
    }

    /** What one run did. */
    public record Outcome(int created, int updated, int unchanged, int skipped) {
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!properties.bootstrap().enabled()) {
            return;
        }
        long wait = properties.bootstrap().backoff().toMillis();
        for (int attempt = 1; attempt <= properties.bootstrap().attempts(); attempt++) {
            try {
                Outcome outcome = apply(load());
                log.info("Bootstrap applied: {} created, {} updated, {} unchanged, {} skipped", outcome.created(),
                        outcome.updated(), outcome.unchanged(), outcome.skipped());
                return;
            } catch (RuntimeException e) {
                log.warn("Bootstrap attempt {}/{} failed and was rolled back: {}", attempt, properties.bootstrap().attempts(),
                        e.toString());
                if (attempt == properties.bootstrap().attempts()) {
                    log.error("Bootstrap gave up until the next start; the catalog keeps its previous platform resources");
                    return;
                }
                try {
                    Thread.sleep(wait);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
                wait *= 2;
            }
        }
    }

    /** The entries of every bootstrap file, files in name order, later entries winning by key. */
    public List<ObjectNode> load() {
        try {
            org.springframework.core.io.Resource[] files = new PathMatchingResourcePatternResolver()
                    .getResources("classpath*:bootstrap/*.json");
            Arrays.sort(files, Comparator.comparing(f -> String.valueOf(f.getFilename())));
            Map<String, ObjectNode> byKey = new LinkedHashMap<>();
            for (org.springframework.core.io.Resource file : files) {
                try (InputStream in = file.getInputStream()) {
                    for (JsonNode entry : json.readTree(in)) {
                        byKey.put(entry.path("key").asString(), (ObjectNode) entry);
                    }
                }
            }
            return new ArrayList<>(byKey.values());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Upserts the entries in one transaction; any failure rolls the whole run back. */
    public Outcome apply(List<ObjectNode> entries) {
        return transactions.execute(status -> {
            jdbc.sql("SELECT pg_advisory_xact_lock(:lock)").param("lock", LOCK).query(Object.class).single();
            int created = 0;
            int updated = 0;
            int unchanged = 0;
            int skipped = 0;
            for (ObjectNode entry : entries) {
                String key = entry.path("key").asString();
                String digest = digest(entry);
                Optional<Resource> existing = store.findByKey(key);
                if (existing.isPresent() && !existing.get().isBootstrap()) {
                    log.warn("Bootstrap entry {} skipped: a resource someone created holds that key", key);
                    skipped++;
                    continue;
                }
                if (existing.isPresent() && store.sourceDigest(key).filter(digest::equals).isPresent()) {
                    unchanged++;
                    continue;
                }
                ResourceStore.Row row = row(entry);
                Resource resource;
                if (existing.isEmpty()) {
                    resource = store.insert(UUID.randomUUID(), row, digest);
                    events.written(CatalogEvents.CREATED, "register", resource, null, null, "bootstrap");
                    created++;
                } else {
                    resource = store.update(existing.get().id(), row);
                    store.setSourceDigest(resource.id(), digest);
                    events.written(CatalogEvents.UPDATED, "update", resource, null, null, "bootstrap");
                    updated++;
                }
                int version = resource.currentVersion() + 1;
                store.insertVersion(resource.id(), version, snapshot(row), semver(row.metadata()), "Bootstrap " + digest.substring(0, 12),
                        OWNER);
                events.written(CatalogEvents.PUBLISHED, "publish", store.find(resource.id()).orElseThrow(), version, null, "bootstrap");
            }
            jdbc.sql("""
                    INSERT INTO system_settings (key, value, updated_at) VALUES ('bootstrap_completed', 'true', now())
                    ON CONFLICT (key) DO UPDATE SET value = 'true', updated_at = now()
                    """).update();
            return new Outcome(created, updated, unchanged, skipped);
        });
    }

    private ResourceStore.Row row(ObjectNode entry) {
        String type = entry.path("type").asString();
        if (!Resource.TYPES.contains(type)) {
            throw new IllegalStateException("Bootstrap entry " + entry.path("key").asString() + " has type " + type);
        }
        JsonNode metadata = entry.has("metadata") ? entry.get("metadata") : JsonNodeFactory.instance.objectNode();
        if (type.equals("component")) {
            metadata = manifests.component(metadata);
        }
        JsonNode policy = entry.has("accessPolicy") ? entry.get("accessPolicy") : AccessPolicies.publicPolicy();
        manifests.policy(policy);
        List<String> tags = new ArrayList<>();
        entry.path("tags").forEach(tag -> tags.add(tag.asString()));
        return new ResourceStore.Row(entry.path("key").asString(), entry.path("name").asString(),
                entry.path("description").asString(null), type, "published", true, tags, null, OWNER, policy, metadata);
    }

    private static ObjectNode snapshot(ResourceStore.Row row) {
        ObjectNode content = JsonNodeFactory.instance.objectNode();
        content.put("name", row.name());
        content.put("description", row.description());
        content.set("metadata", row.metadata());
        content.set("accessPolicy", row.accessPolicy());
        content.putArray("tags").addAll(row.tags().stream().map(JsonNodeFactory.instance::stringNode).toList());
        return content;
    }

    private static String semver(JsonNode metadata) {
        JsonNode version = metadata.path("manifest").path("version");
        if (!version.isString()) {
            version = metadata.path("version");
        }
        return version.isString() ? dev.symbia.catalog.manifest.Ranges.version(version.asString()).map(v -> v.getVersion())
                .orElse(null) : null;
    }

    private static String digest(JsonNode entry) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Jcs.canonicalBytes(entry)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
