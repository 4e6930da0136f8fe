package dev.symbia.runtime.graph;

import dev.symbia.core.SymbiaService;
import dev.symbia.runtime.config.RuntimeProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The component manifests in the catalog ({@code GET /api/resources?type=component}, public reads, following the
 * catalog's cursor) by component key: their declared input and output ports and config, or empty when the catalog
 * was never read ("never read" is not "no manifests"). A set once read is kept when a later refresh fails: the
 * catalog being briefly down does not turn "manifested" into "unknown". A {@code catalog.resource.*} event about a
 * component makes the next check re-read it.
 */
@Component
class ManifestSource {

    private static final Logger log = LoggerFactory.getLogger(ManifestSource.class);

    private final String base;
    private static final String COMPONENTS = "/api/resources?type=component&limit=1000";
    private final CatalogClient client;
    private final Duration refresh;
    private final Clock clock;
    /**
     * One component manifest as the catalog holds it.
     *
     * @param config the declared config, or null when undeclared (which is not {@code {}}: "takes no config")
     */
    record Manifest(String key, List<String> inputs, List<String> outputs, ObjectNode config) {
    }

    private volatile Map<String, Manifest> manifests;
    private volatile Instant readAt = Instant.MIN;

    ManifestSource(RuntimeProperties properties, Environment environment) {
        String base = properties.catalogUrl() == null ? "" : properties.catalogUrl();
        if (base.isBlank()) {
            base = SymbiaService.CATALOG.url(Map.of("CATALOG_SERVICE_URL", environment.getProperty("CATALOG_SERVICE_URL", "")));
        }
        this.base = base.replaceAll("/+$", "");
        this.client = new CatalogClient(this); // reads base(), set just above
        this.refresh = properties.catalogRefresh();
        this.clock = Clock.systemUTC();
    }

    /** The catalog's base URL (no trailing slash). */
    String base() {
        return base;
    }

    /** The next check re-reads the catalog (after the runtime published manifests itself). */
    void invalidate() {
        readAt = Instant.MIN;
    }

    Optional<Set<String>> manifestedKeys() {
        return manifests().map(Map::keySet);
    }

    /** The manifests by component key; empty when the catalog was never read. */
    Optional<Map<String, Manifest>> manifests() {
        if (manifests == null || clock.instant().isAfter(readAt.plus(refresh))) {
            read();
        }
        return Optional.ofNullable(manifests);
    }

    private synchronized void read() {
        try {
            Map<String, Manifest> read = new HashMap<>();
            for (JsonNode resource : client.listAll(COMPONENTS, null, 100)) {
                Manifest manifest = manifest(resource);
                read.put(manifest.key(), manifest);
            }
            manifests = Map.copyOf(read);
            readAt = clock.instant();
        } catch (RuntimeException e) {
            log.warn("Component manifests not read from the catalog: {}", e.getMessage());
        }
    }

    /** {@code metadata.manifest} (else the key minus {@code components/}); ports by name, config as declared. */
    static Manifest manifest(JsonNode resource) {
        JsonNode manifest = resource.path("metadata").path("manifest");
        String key = manifest.path("key").isString() ? manifest.get("key").stringValue()
                : resource.path("key").asString("").replaceFirst("^components/", "");
        JsonNode config = manifest.get("config");
        return new Manifest(key, names(manifest.path("inputs")), names(manifest.path("outputs")),
                config instanceof ObjectNode declared ? declared : null);
    }

    private static List<String> names(JsonNode ports) {
        List<String> out = new ArrayList<>();
        ports.forEach(port -> {
            if (port.path("name").isString()) {
                out.add(port.get("name").stringValue());
            }
        });
        return List.copyOf(out);
    }
}
