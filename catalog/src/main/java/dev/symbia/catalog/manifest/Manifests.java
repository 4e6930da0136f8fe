package dev.symbia.catalog.manifest;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.symbia.core.ProblemTypes;
import dev.symbia.web.problem.ProblemException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The manifest gates of §1.4 with JSON Schemas ({@code schemas/*.schema.json}) checked by networknt's validator:
 * component and app manifests on create and update (read from {@code metadata.manifest}, or {@code metadata}
 * itself when there is no {@code manifest} key, and stored back under {@code metadata.manifest}), the app
 * {@code requires} check (every unmet requirement in one 409), and access policies.
 */
public final class Manifests {

    /** Services an app may require (SPEC §1). */
    public static final Set<String> SERVICES = Set.of("identity", "logging", "catalog", "assistants", "messaging", "runtime",
            "integrations", "models", "network", "gateway");

    private final Schema component;
    private final Schema app;
    private final Schema policy;
    private final String platformVersion;

    public Manifests(String platformVersion) {
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
        this.component = load(registry, "schemas/component-manifest.schema.json");
        this.app = load(registry, "schemas/app-manifest.schema.json");
        this.policy = load(registry, "schemas/access-policy.schema.json");
        this.platformVersion = platformVersion;
    }

    public String platformVersion() {
        return platformVersion;
    }

    /** A valid component's metadata, normalised (ports default to []); else 400 "Invalid component manifest". */
    public ObjectNode component(JsonNode metadata) {
        return normalise(metadata, component, "Invalid component manifest", true);
    }

    /**
     * A valid app's metadata, normalised; else 400 "Invalid app manifest". Then the requires check:
     * {@code componentVersions.apply(key)} lists the registered versions of a component manifest key.
     */
    public ObjectNode app(JsonNode metadata, java.util.function.Function<String, List<String>> componentVersions) {
        ObjectNode normalised = normalise(metadata, app, "Invalid app manifest", false);
        List<Map<String, Object>> unmet = unmet(normalised.path("manifest").path("requires"), componentVersions);
        if (!unmet.isEmpty()) {
            Map<String, Object> extensions = new LinkedHashMap<>();
            extensions.put("error", "App requirements not met by this platform");
            extensions.put("platformVersion", platformVersion);
            extensions.put("unmet", unmet);
            throw new ProblemException(HttpStatus.CONFLICT, ProblemTypes.CONFLICT, "App requirements not met",
                    unmet.size() + " requirement(s) of the app are not met by this platform.", extensions);
        }
        return normalised;
    }

    /** A policy of the §1.5 shape, else 400 naming what is wrong. */
    public void policy(JsonNode accessPolicy) {
        List<Map<String, Object>> errors = errors(policy, accessPolicy);
        if (!errors.isEmpty()) {
            throw invalid("Invalid access policy", errors);
        }
    }

    List<Map<String, Object>> unmet(JsonNode requires, java.util.function.Function<String, List<String>> componentVersions) {
        List<Map<String, Object>> unmet = new ArrayList<>();
        JsonNode platform = requires.get("platform");
        if (platform != null && platform.isString()) {
            String range = platform.asString();
            if (!Ranges.valid(range)) {
                unmet.add(unmet("platform", range, "unparseable range"));
            } else if (!Ranges.satisfies(platformVersion, range)) {
                unmet.add(unmet("platform", range, "platform version " + platformVersion + " does not satisfy " + range));
            }
        }
        for (JsonNode spec : requires.path("components")) {
            String text = spec.asString();
            int at = text.lastIndexOf('@');
            String key = at <= 0 ? text : text.substring(0, at);
            String range = at <= 0 ? "*" : text.substring(at + 1);
            if (!Ranges.valid(range)) {
                unmet.add(unmet("component", text, "unparseable range"));
                continue;
            }
            List<String> versions = componentVersions.apply(key);
            if (versions.isEmpty()) {
                unmet.add(unmet("component", text, "no registered component manifest has key " + key));
            } else if (versions.stream().noneMatch(v -> Ranges.satisfies(v, range))) {
                unmet.add(unmet("component", text, "registered version(s) " + String.join(", ", versions) + " do not satisfy " + range));
            }
        }
        for (JsonNode service : requires.path("services")) {
            if (!SERVICES.contains(service.asString())) {
                unmet.add(unmet("service", service.asString(), "unknown service"));
            }
        }
        return unmet;
    }

    private static Map<String, Object> unmet(String kind, String requirement, String reason) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("kind", kind);
        out.put("requirement", requirement);
        out.put("reason", reason);
        return out;
    }

    private ObjectNode normalise(JsonNode metadata, Schema schema, String title, boolean ports) {
        if (metadata != null && !metadata.isObject()) {
            throw invalid(title, List.of(Map.of("field", "metadata", "message", "must be an object")));
        }
        ObjectNode out = metadata == null ? JsonNodeFactory.instance.objectNode() : ((ObjectNode) metadata).deepCopy();
        JsonNode manifest = out.has("manifest") ? out.get("manifest") : metadata;
        if (manifest == null) {
            manifest = JsonNodeFactory.instance.objectNode();
        }
        List<Map<String, Object>> errors = errors(schema, manifest);
        if (!errors.isEmpty()) {
            throw invalid(title, errors);
        }
        ObjectNode normalised = ((ObjectNode) manifest).deepCopy();
        if (ports) {
            if (!normalised.has("inputs")) {
                normalised.putArray("inputs");
            }
            if (!normalised.has("outputs")) {
                normalised.putArray("outputs");
            }
        }
        if (!out.has("manifest")) {
            // The manifest was the metadata itself: it moves under metadata.manifest.
            out = JsonNodeFactory.instance.objectNode();
        }
        out.set("manifest", normalised);
        return out;
    }

    private static List<Map<String, Object>> errors(Schema schema, JsonNode node) {
        List<Error> errors = schema.validate(node);
        List<Map<String, Object>> out = new ArrayList<>();
        for (Error error : errors.subList(0, Math.min(errors.size(), 20))) {
            String field = error.getInstanceLocation().toString();
            out.add(Map.of("field", field, "message", error.getMessage()));
        }
        return out;
    }

    private static ProblemException invalid(String title, List<Map<String, Object>> errors) {
        return new ProblemException(HttpStatus.BAD_REQUEST, ProblemTypes.VALIDATION, title,
                title + ": " + errors.stream().map(e -> e.get("field") + " " + e.get("message")).reduce((a, b) -> a + "; " + b)
                        .orElse(""), Map.of("error", title, "errors", errors));
    }

    private static Schema load(SchemaRegistry registry, String path) {
        try (InputStream in = new ClassPathResource(path).getInputStream()) {
            return registry.getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
