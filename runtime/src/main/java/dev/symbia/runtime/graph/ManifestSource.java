package dev.symbia.runtime.graph;

import dev.symbia.core.SymbiaService;
import dev.symbia.runtime.config.RuntimeProperties;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The set of component keys manifested in the catalog ({@code GET /api/resources?type=component}, public reads),
 * or empty when the catalog was never read. A set once read is kept when a later refresh fails: the catalog being
 * briefly down does not turn "manifested" into "unknown".
 */
@Component
class ManifestSource {

    private static final Logger log = LoggerFactory.getLogger(ManifestSource.class);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final JsonMapper json = JsonMapper.builder().build();
    private final String base;
    private final URI endpoint;
    private final Duration refresh;
    private final Clock clock;
    private volatile Set<String> keys;
    private volatile Instant readAt = Instant.MIN;

    ManifestSource(RuntimeProperties properties, Environment environment) {
        String base = properties.catalogUrl() == null ? "" : properties.catalogUrl();
        if (base.isBlank()) {
            base = SymbiaService.CATALOG.url(Map.of("CATALOG_SERVICE_URL", environment.getProperty("CATALOG_SERVICE_URL", "")));
        }
        this.base = base.replaceAll("/+$", "");
        this.endpoint = URI.create(this.base + "/api/resources?type=component&limit=1000");
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
        if (keys == null || clock.instant().isAfter(readAt.plus(refresh))) {
            read();
        }
        return Optional.ofNullable(keys);
    }

    private synchronized void read() {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                log.warn("Catalog answered {} to the component manifest read", response.statusCode());
                return;
            }
            JsonNode body = json.readTree(response.body());
            JsonNode list = body.isArray() ? body : body.path("resources");
            Set<String> read = new HashSet<>();
            for (JsonNode resource : list) {
                JsonNode manifestKey = resource.path("metadata").path("manifest").path("key");
                if (manifestKey.isString()) {
                    read.add(manifestKey.stringValue());
                } else if (resource.path("key").isString()) {
                    read.add(resource.get("key").stringValue().replaceFirst("^components/", ""));
                }
            }
            keys = Set.copyOf(read);
            readAt = clock.instant();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            log.warn("Catalog not reached for component manifests: {}", e.toString());
        }
    }
}
