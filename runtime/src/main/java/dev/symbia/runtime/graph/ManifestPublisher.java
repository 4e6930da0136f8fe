package dev.symbia.runtime.graph;

import dev.symbia.auth.AuthUnavailableException;
import dev.symbia.auth.ServiceTokenClient;
import dev.symbia.runtime.component.Component;
import dev.symbia.runtime.component.ComponentRegistry;
import dev.symbia.runtime.component.ComponentSpec;
import dev.symbia.runtime.component.Port;
import dev.symbia.runtime.config.RuntimeProperties;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Keeps the catalog's {@code components/<id>} manifests equal to what this runtime executes, as the runtime service
 * (platform-wide cap:registry.write/publish): a missing one is created (public read) and published; one that drifted
 * (inputs, outputs with lanes, config) is corrected in place and published as a new version whose changelog names
 * the differences. Idempotent: a second run finds nothing to do. The catalog's bootstrap file carries the same
 * manifests for the reference's 16 (a runtime test pins that), so a fresh stack has no drift; the bootstrap leaves a
 * corrected row alone until its own file changes (see Bootstrapper).
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

    /** At boot (the catalog sync's first task, before graphs are hydrated), unless {@code RUNTIME_REGISTER_MANIFESTS=false}. */
    void publishAtBoot() {
        if (!enabled) {
            return;
        }
        try {
            publish();
        } catch (RuntimeException e) {
            log.warn("Component manifest publication failed: {}", e.toString());
        }
    }

    /** Publishes what is missing and corrects what drifted; returns the component ids published (new or corrected). */
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
        Map<String, JsonNode> existing = new HashMap<>();
        for (JsonNode resource : listing) {
            existing.put(resource.path("key").asString(""), resource);
        }
        List<String> published = new ArrayList<>();
        for (Component component : registry.all()) {
            ComponentSpec spec = component.spec();
            JsonNode current = existing.get("components/" + spec.id());
            if (current != null) {
                if (correct(spec, current, bearer)) {
                    published.add(spec.id());
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

    /**
     * Rewrites the catalog's manifest of {@code spec} when it drifted (the runtime executes its own declaration, so
     * the catalog must describe that one), then publishes it as a new version naming what differed. Whatever else
     * the resource's metadata holds is kept: PATCH replaces metadata as a whole.
     */
    private boolean correct(ComponentSpec spec, JsonNode resource, String bearer) {
        ObjectNode wanted = manifest(spec);
        List<String> differences = drift(resource.path("metadata").path("manifest"), wanted);
        if (differences.isEmpty()) {
            return false;
        }
        String id = resource.path("id").asString("");
        log.warn("Catalog manifest of {} drifted from the runtime's: {}; correcting it", spec.id(), differences);
        ObjectNode metadata = resource.path("metadata").isObject() ? ((ObjectNode) resource.get("metadata")).deepCopy()
                : JsonNodeFactory.instance.objectNode();
        metadata.set("manifest", wanted);
        if (id.isEmpty() || send("PATCH", "/api/resources/" + id, JsonNodeFactory.instance.objectNode().set("metadata", metadata),
                bearer) == null) {
            return false;
        }
        ObjectNode changelog = JsonNodeFactory.instance.objectNode().put("changelog",
                "Runtime " + CONTRACT_VERSION + " corrected drift: " + String.join("; ", differences));
        return send("POST", "/api/resources/" + id + "/publish", changelog, bearer) != null;
    }

    /**
     * How {@code catalog}'s manifest differs from the runtime's {@code wanted} in what graphs depend on: input names,
     * output names with their lanes (absent = inherit, the schema's default), and the config declaration (absent
     * differs from {}: undeclared vs no config). Empty when they agree; descriptions and versions are not drift.
     */
    static List<String> drift(JsonNode catalog, JsonNode wanted) {
        List<String> out = new ArrayList<>();
        List<String> inputs = ports(catalog.path("inputs"), false);
        if (!inputs.equals(ports(wanted.path("inputs"), false))) {
            out.add("inputs " + inputs + " -> " + ports(wanted.path("inputs"), false));
        }
        List<String> outputs = ports(catalog.path("outputs"), true);
        if (!outputs.equals(ports(wanted.path("outputs"), true))) {
            out.add("outputs " + outputs + " -> " + ports(wanted.path("outputs"), true));
        }
        JsonNode config = catalog.get("config");
        if (config == null || !config.equals(wanted.get("config"))) {
            Set<String> fields = new TreeSet<>();
            if (config != null) {
                config.propertyNames().forEach(fields::add);
            }
            wanted.path("config").propertyNames().forEach(fields::add);
            fields.removeIf(f -> config != null && config.path(f).equals(wanted.path("config").path(f)));
            out.add("config " + (config == null ? "undeclared" : "fields " + fields));
        }
        return out;
    }

    // Names (with ":lane" for outputs), sorted: the order ports are listed in means nothing to a graph.
    private static List<String> ports(JsonNode ports, boolean lanes) {
        List<String> out = new ArrayList<>();
        ports.forEach(p -> out.add(p.path("name").asString("") + (lanes ? ":" + p.path("lane").asString("inherit") : "")));
        out.sort(null);
        return out;
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
        manifest.set("config", spec.config().deepCopy()); // a copy: callers may edit the manifest
        return manifest;
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
