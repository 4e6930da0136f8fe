package dev.symbia.runtime.graph;

import dev.symbia.auth.AuthUnavailableException;
import dev.symbia.auth.ServiceTokenClient;
import dev.symbia.runtime.component.Component;
import dev.symbia.runtime.component.ComponentRegistry;
import dev.symbia.runtime.component.ComponentSpec;
import dev.symbia.runtime.component.Port;
import dev.symbia.runtime.config.RuntimeProperties;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Publishes the manifests of in-process components the catalog does not have yet (the catalog's bootstrap holds the
 * reference's 16; merge, split and accumulator are the runtime's own), as the runtime service: public read,
 * {@code components/<id>}, created then published. Existing manifests are compared by port and config names and a
 * drift is logged, not corrected (the catalog's bootstrap owns those entries). Idempotent: a second boot finds them.
 */
@Service
class ManifestPublisher {

    private static final Logger log = LoggerFactory.getLogger(ManifestPublisher.class);
    static final String CONTRACT_VERSION = "1.3.0";

    private final ComponentRegistry registry;
    private final ManifestSource manifests;
    private final Supplier<String> token;
    private final CatalogClient catalog;
    private boolean enabled = true;

    @Autowired
    ManifestPublisher(ComponentRegistry registry, ManifestSource manifests, ObjectProvider<ServiceTokenClient> tokens,
                      RuntimeProperties properties) {
        this(registry, manifests, () -> {
            ServiceTokenClient client = tokens.getIfAvailable();
            try {
                return client == null ? null : client.token();
            } catch (AuthUnavailableException e) {
                throw new IllegalStateException("identity unavailable for a service token", e);
            }
        });
        this.enabled = properties.registerManifests();
    }

    ManifestPublisher(ComponentRegistry registry, ManifestSource manifests, Supplier<String> token) {
        this.registry = registry;
        this.manifests = manifests;
        this.catalog = new CatalogClient(manifests);
        this.token = token;
    }

    @EventListener(ApplicationReadyEvent.class)
    void publishInBackground() {
        if (!enabled) {
            return;
        }
        Thread.ofVirtual().name("runtime-manifests").start(() -> {
            try {
                publish();
            } catch (RuntimeException e) {
                log.warn("Component manifest publication failed: {}", e.toString());
            }
        });
    }

    /** Publishes what is missing; returns the component ids published. */
    List<String> publish() {
        String bearer;
        try {
            bearer = token.get();
        } catch (RuntimeException e) {
            log.warn("No service token for manifest publication: {}", e.toString());
            return List.of();
        }
        if (bearer == null) {
            log.warn("Component manifests not published: no INTERNAL_SERVICE_SECRET, so no service token");
            return List.of();
        }
        JsonNode listing = send("GET", "/api/resources?type=component&limit=1000", null, bearer);
        if (listing == null) {
            return List.of();
        }
        java.util.Map<String, JsonNode> existing = new java.util.HashMap<>();
        for (JsonNode resource : listing) {
            existing.put(resource.path("key").asString(""), resource.path("metadata").path("manifest"));
        }
        List<String> published = new ArrayList<>();
        for (Component component : registry.all()) {
            ComponentSpec spec = component.spec();
            JsonNode current = existing.get("components/" + spec.id());
            if (current != null) {
                if (!names(current.path("outputs")).equals(names(manifest(spec).get("outputs")))) {
                    log.warn("Catalog manifest of {} drifted from the runtime's ports: catalog {}, runtime {}", spec.id(),
                            names(current.path("outputs")), names(manifest(spec).get("outputs")));
                }
                continue;
            }
            ObjectNode resource = JsonNodeFactory.instance.objectNode();
            resource.put("key", "components/" + spec.id());
            resource.put("name", spec.name());
            resource.put("description", spec.description());
            resource.put("type", "component");
            ArrayNode tags = resource.putArray("tags");
            tags.add("runtime").add("component").add("builtin").add(spec.id().split("\\.")[1]);
            ObjectNode policy = resource.putObject("accessPolicy");
            policy.put("visibility", "public");
            ObjectNode actions = policy.putObject("actions");
            actions.putObject("read").putArray("anyOf").add("public");
            actions.putObject("write").putArray("anyOf").add("cap:registry.write");
            actions.putObject("publish").putArray("anyOf").add("cap:registry.publish");
            actions.putObject("delete").putArray("anyOf").add("role:admin");
            resource.putObject("metadata").set("manifest", manifest(spec));
            JsonNode created = send("POST", "/api/resources", resource, bearer);
            if (created == null || !created.path("id").isString()) {
                continue;
            }
            ObjectNode changelog = JsonNodeFactory.instance.objectNode().put("changelog", "Published by runtime " + CONTRACT_VERSION);
            if (send("POST", "/api/resources/" + created.get("id").stringValue() + "/publish", changelog, bearer) != null) {
                published.add(spec.id());
            }
        }
        if (!published.isEmpty()) {
            log.info("Published {} component manifests to the catalog: {}", published.size(), published);
            manifests.invalidate();
        }
        return published;
    }

    static ObjectNode manifest(ComponentSpec spec) {
        ObjectNode manifest = JsonNodeFactory.instance.objectNode();
        manifest.put("key", spec.id());
        manifest.put("version", CONTRACT_VERSION);
        manifest.put("implementation", "builtin");
        manifest.put("description", spec.description());
        manifest.put("capability", "cap:runtime.execute");
        ArrayNode inputs = manifest.putArray("inputs");
        spec.inputs().forEach(name -> inputs.addObject().put("name", name));
        ArrayNode outputs = manifest.putArray("outputs");
        for (Port port : spec.outputs()) {
            outputs.addObject().put("name", port.name()).put("lane", port.lane() != null ? port.lane()
                    : spec.emitsApocryphal() ? "apocryphal" : "inherit");
        }
        manifest.set("config", spec.config());
        return manifest;
    }

    private static Set<String> names(JsonNode ports) {
        Set<String> out = new java.util.TreeSet<>();
        ports.forEach(p -> out.add(p.path("name").asString("")));
        return out;
    }

    private JsonNode send(String method, String path, JsonNode body, String bearer) {
        CatalogClient.Reply reply = catalog.send(method, path, body, bearer, null);
        if (!reply.ok()) {
            log.warn("Catalog answered {} to {} {} (503 also when it was not reached)", reply.status(), method, path);
            return null;
        }
        return reply.body();
    }
}
