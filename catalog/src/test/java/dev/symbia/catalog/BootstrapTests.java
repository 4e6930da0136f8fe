package dev.symbia.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.symbia.catalog.bootstrap.Bootstrapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The idempotent, all-or-nothing upsert of the platform's own resources. */
class BootstrapTests extends CatalogTestSupport {

    @Autowired
    Bootstrapper bootstrapper;

    private List<Map<String, Object>> rows() {
        return jdbc.sql("SELECT key, name, current_version, updated_at FROM resources WHERE is_bootstrap ORDER BY key").query().listOfRows();
    }

    @Test
    void runningTwiceLeavesTheSameRows() {
        List<Map<String, Object>> before = rows();
        assertThat(before).hasSizeGreaterThanOrEqualTo(16);
        Bootstrapper.Outcome outcome = bootstrapper.apply(bootstrapper.load());
        assertThat(outcome.created()).isZero();
        assertThat(outcome.updated()).isZero();
        bootstrapper.apply(bootstrapper.load());
        assertThat(rows()).isEqualTo(before);
        assertThat(jdbc.sql("SELECT value FROM system_settings WHERE key = 'bootstrap_completed'").query(String.class).single())
                .isEqualTo("true");
    }

    @Test
    void anEditedEntryUpdatesTheRowAndPublishesANewVersionWithoutDuplicates() {
        List<ObjectNode> entries = bootstrapper.load();
        ObjectNode edited = entries.stream().filter(e -> e.path("key").asString().equals("assistants/calc")).findFirst().orElseThrow();
        int versionBefore = jdbc.sql("SELECT current_version FROM resources WHERE key = 'assistants/calc'").query(Integer.class).single();
        edited.put("description", "Edited in the repository");
        Bootstrapper.Outcome outcome = bootstrapper.apply(entries);
        assertThat(outcome.updated()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT count(*) FROM resources WHERE key = 'assistants/calc'").query(Integer.class).single()).isEqualTo(1);
        JsonNode resolved = get("/api/resolve/assistants/calc", null).expect(200).body();
        assertThat(resolved.path("version").asInt()).isEqualTo(versionBefore + 1);
        assertThat(resolved.path("content").path("description").asString()).isEqualTo("Edited in the repository");
        // back to the file's content
        assertThat(bootstrapper.apply(bootstrapper.load()).updated()).isEqualTo(1);
    }

    @Test
    void aManifestTheRuntimeCorrectedSurvivesTheNextBootstrap() {
        String id = jdbc.sql("SELECT id::text FROM resources WHERE key = 'components/symbia.io.delay'").query(String.class).single();
        JsonNode original = get("/api/resources/" + id, null).expect(200).body().path("metadata");
        ObjectNode corrected = (ObjectNode) original.deepCopy();
        // a config field without a type (any JSON value) is valid, as the runtime declares the filter's value
        ((ObjectNode) corrected.path("manifest").path("config")).putObject("jitter").put("description", "Any value.");
        String runtime = IDENTITY.service("runtime").token();
        patch("/api/resources/" + id, map("metadata", corrected), runtime).expect(200);
        post("/api/resources/" + id + "/publish", map("changelog", "Runtime corrected drift: config fields [jitter]"), runtime)
                .expect(201);
        try {
            Bootstrapper.Outcome next = bootstrapper.apply(bootstrapper.load());
            assertThat(next.updated()).isZero();
            assertThat(get("/api/resources/" + id, null).expect(200).body().path("metadata")).isEqualTo(corrected);
            assertThat(get("/api/resolve/components/symbia.io.delay", null).expect(200).body().path("content").path("metadata"))
                    .isEqualTo(corrected);
        } finally {
            patch("/api/resources/" + id, map("metadata", original), runtime).expect(200);
        }
    }

    @Test
    void aFailingRunChangesNothing() {
        List<Map<String, Object>> before = rows();
        List<ObjectNode> entries = new ArrayList<>(bootstrapper.load());
        entries.getFirst().put("name", "Changed before the failure");
        ObjectNode broken = entries.getLast().deepCopy();
        broken.put("key", unique("broken"));
        broken.put("type", "widget");
        entries.add(broken);
        assertThatThrownBy(() -> bootstrapper.apply(entries)).isInstanceOf(IllegalStateException.class);
        assertThat(rows()).isEqualTo(before);
    }

    @Test
    void neverOverwritesAResourceSomeoneCreatedWithTheSameKey() {
        String key = unique("assistants/claimed");
        create(superAdmin(), map("key", key, "name", "Mine", "type", "assistant"));
        List<ObjectNode> entries = new ArrayList<>(bootstrapper.load());
        ObjectNode clash = entries.getFirst().deepCopy();
        clash.put("key", key);
        entries.add(clash);
        assertThat(bootstrapper.apply(entries).skipped()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT name FROM resources WHERE key = :k").param("k", key).query(String.class).single()).isEqualTo("Mine");
    }

    @Test
    void publicBootstrapAndSummary() {
        JsonNode all = get("/api/bootstrap", null).expect(200).body();
        assertThat(all.isArray()).isTrue();
        assertThat(all.toString()).contains("components/symbia.state.join").contains("assistants/symbia")
                .contains("integrations/ai/sambanova/config");
        all.forEach(r -> assertThat(r.path("status").asString()).isEqualTo("published"));
        JsonNode summary = get("/api/bootstrap/summary", null).expect(200).body();
        assertThat(summary.path("assistants").path("total").asInt()).isEqualTo(3);
        assertThat(summary.path("integrations").path("total").asInt()).isGreaterThanOrEqualTo(6);
        assertThat(summary.has("generatedAt")).isTrue();
        // a draft bootstrap-flagged resource is not in the public list
        String key = unique("assistants/draft");
        create(superAdmin(), map("key", key, "name", "D", "type", "assistant", "isBootstrap", true,
                "accessPolicy", map("visibility", "public", "actions", map("read", map("anyOf", List.of("public"))))));
        assertThat(get("/api/bootstrap", null).body().toString()).doesNotContain(key);
    }
}
