package dev.symbia.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.symbia.e2e.support.Gateway;
import dev.symbia.e2e.support.StackExtension;
import dev.symbia.e2e.support.SymbiaStack;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Issue 21 §7: a fresh stack has no component manifest drift (the catalog's bootstrap carries the runtime's
 * manifests); a manifest edited away from what the runtime executes is corrected by the runtime's next start as a new
 * published version naming the difference, and the catalog's next start (its bootstrap) does not revert it.
 */
@ExtendWith(StackExtension.class)
class ManifestDriftIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String FILTER = "components/symbia.logic.filter";

    @Test
    void driftIsCorrectedByTheRuntimeAndKeptByTheCatalogBootstrap(SymbiaStack stack, Gateway gateway) {
        // the runtime published its own components at start: a sign its manifest pass ran
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                .until(() -> gateway.get("/api/catalog/resolve/components/symbia.io.merge").status() == 200);
        JsonNode fresh = resolve(gateway, FILTER);
        assertThat(fresh.path("version").asInt()).as("no drift on a fresh stack: %s", fresh).isEqualTo(1);
        assertThat(resolve(gateway, "components/symbia.state.window").path("version").asInt()).isEqualTo(1);
        JsonNode manifest = fresh.path("content").path("metadata").path("manifest");
        assertThat(manifest.path("config").path("value").has("type")).as("the filter's value is any JSON value").isFalse();

        // someone edits the filter's manifest away from what the runtime executes
        String admin = "Bearer " + login(gateway, stack);
        ObjectNode drifted = (ObjectNode) fresh.path("content").path("metadata").deepCopy();
        ObjectNode driftedManifest = (ObjectNode) drifted.get("manifest");
        ((ObjectNode) driftedManifest.get("config").get("value")).put("type", "string");
        ((ObjectNode) driftedManifest.get("outputs").get(1)).put("lane", "apocryphal");
        String id = fresh.path("resourceId").asString();
        Gateway.Response edited = gateway.patch("/api/catalog/resources/" + id, "application/json",
                JSON.writeValueAsString(Map.of("metadata", drifted)), "Authorization", admin);
        assertThat(edited.status()).as("%s", edited).isEqualTo(200);

        stack.restartProcess("runtime");
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                .until(() -> resolve(gateway, FILTER).path("version").asInt() == 2);
        JsonNode corrected = resolve(gateway, FILTER);
        assertThat(corrected.path("changelog").asString()).contains("corrected drift").contains("fail:apocryphal")
                .contains("config fields [value]");
        assertThat(corrected.path("content").path("metadata").path("manifest")).isEqualTo(manifest);
        assertThat(resolve(gateway, "components/symbia.state.window").path("version").asInt())
                .as("a manifest that agrees is not republished").isEqualTo(1);

        stack.restartProcess("catalog");
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                .until(() -> gateway.get("/api/catalog/resolve/" + FILTER).status() == 200);
        JsonNode afterBootstrap = resolve(gateway, FILTER);
        assertThat(afterBootstrap.path("version").asInt()).as("the bootstrap left the corrected row alone").isEqualTo(2);
        JsonNode working = gateway.get("/api/catalog/resources/" + id, "Authorization", admin).json();
        assertThat(working.path("metadata").path("manifest")).isEqualTo(manifest);
    }

    private static JsonNode resolve(Gateway gateway, String key) {
        Gateway.Response resolved = gateway.get("/api/catalog/resolve/" + key);
        assertThat(resolved.status()).as("%s", resolved).isEqualTo(200);
        return resolved.json();
    }

    private static String login(Gateway gateway, SymbiaStack stack) {
        Gateway.Response login = gateway.post("/api/identity/auth/login", "application/json",
                JSON.writeValueAsString(Map.of("email", stack.adminEmail(), "password", stack.adminPassword())));
        assertThat(login.status()).as("%s", login).isEqualTo(200);
        return login.json().path("token").asString();
    }
}
