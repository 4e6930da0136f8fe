package dev.symbia.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Component and app manifests (JSON Schema), the requires check, and the graph definition rule. */
class ManifestTests extends CatalogTestSupport {

    @Test
    void componentManifestIsValidatedAndNormalisedUnderMetadataManifest() {
        String token = admin(unique("org"));
        JsonNode bare = create(token, map("key", unique("components/c"), "name", "C", "type", "component",
                "metadata", map("key", "acme.c", "version", "0.1.0", "implementation", "expression"))).path("metadata");
        assertThat(bare.path("manifest").path("key").asString()).isEqualTo("acme.c");
        assertThat(bare.path("manifest").path("inputs").isArray()).isTrue();
        assertThat(bare.path("manifest").path("outputs").isArray()).isTrue();
        assertThat(bare.path("manifest").has("config")).as("absent config stays undeclared, not {}").isFalse();

        JsonNode problem = post("/api/resources", map("key", unique("components/c"), "name", "C", "type", "component",
                "metadata", map("manifest", map("key", "acme.c", "version", "1", "implementation", "magic",
                        "inputs", List.of(map("lane", "sideways"))))), token).problem(400).body();
        assertThat(problem.path("title").asString()).isEqualTo("Invalid component manifest");
        assertThat(problem.path("errors").toString()).contains("implementation").contains("lane").contains("name");
        post("/api/resources", map("key", unique("components/c"), "name", "C", "type", "component", "metadata", "nope"), token)
                .problem(400);
        // PATCH re-validates
        String id = create(token, map("key", unique("components/c"), "name", "C", "type", "component",
                "metadata", componentManifest("acme.p", "1.0.0"))).path("id").asString();
        patch("/api/resources/" + id, map("metadata", map("manifest", map("key", "acme.p"))), token).problem(400);
    }

    @Test
    void appRequiresCheckListsEveryUnmetRequirement() {
        String token = admin(unique("org"));
        Object manifest = map("manifest", map("key", "acme.app", "version", "1.0.0", "requires", map(
                "platform", "^2.0.0",
                "components", List.of("symbia.io.passthrough@^1.0.0", "symbia.io.delay@^2.0.0", "acme.missing@1.0.0",
                        "symbia.io.log@not-a-range"),
                "services", List.of("identity", "teleporter"))));
        JsonNode problem = post("/api/resources", map("key", unique("apps/a"), "name", "A", "type", "app", "metadata", manifest),
                token).problem(409).body();
        assertThat(problem.path("error").asString()).isEqualTo("App requirements not met by this platform");
        assertThat(problem.path("platformVersion").asString()).isEqualTo("1.1.1");
        List<String> unmet = new ArrayList<>();
        problem.path("unmet").forEach(u -> unmet.add(u.path("kind").asString() + " " + u.path("requirement").asString()));
        assertThat(unmet).containsExactlyInAnyOrder("platform ^2.0.0", "component symbia.io.delay@^2.0.0",
                "component acme.missing@1.0.0", "component symbia.io.log@not-a-range", "service teleporter");

        Object ok = map("manifest", map("key", "acme.app", "version", "1.0.0", "requires", map("platform", "~1.1.0",
                "components", List.of("symbia.io.passthrough@^1.0.0", "symbia.io.delay"), "services", List.of("runtime"))));
        create(token, map("key", unique("apps/a"), "name", "A", "type", "app", "metadata", ok));

        JsonNode invalid = post("/api/resources", map("key", unique("apps/a"), "name", "A", "type", "app", "metadata",
                map("key", "acme.app", "version", "1.0.0", "privilege", map("crossOrgRead", true, "reason", "  "))), token)
                .problem(400).body();
        assertThat(invalid.path("title").asString()).isEqualTo("Invalid app manifest");
    }

    @Test
    void graphDefinitionBelongsUnderMetadataDefinition() {
        String org = unique("org");
        String token = admin(org);
        JsonNode problem = post("/api/graphs", map("key", unique("graphs/g"), "name", "G", "orgId", org,
                "nodes", List.of(), "edges", List.of()), token).problem(400).body();
        assertThat(problem.path("detail").asString()).contains("metadata.definition").contains("nodes").contains("edges");
        post("/api/resources", map("key", unique("graphs/g"), "name", "G", "type", "graph", "definition", map()), token)
                .problem(400).body().path("detail").asString().contains("metadata.definition");
        JsonNode graph = post("/api/graphs", map("key", unique("graphs/g"), "name", "G", "orgId", org,
                "metadata", map("definition", map("nodes", List.of(), "edges", List.of()))), token).expect(201).body();
        assertThat(graph.path("type").asString()).isEqualTo("graph");
        assertThat(graph.path("accessPolicy").path("visibility").asString()).isEqualTo("org");
        assertThat(graph.path("metadata").path("definition").has("nodes")).isTrue();
    }
}
