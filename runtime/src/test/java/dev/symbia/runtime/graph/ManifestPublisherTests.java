package dev.symbia.runtime.graph;

import static org.assertj.core.api.Assertions.assertThat;

import dev.symbia.runtime.component.ComponentRegistry;
import dev.symbia.runtime.config.RuntimeProperties;
import dev.symbia.runtime.config.RuntimeProperties.Enforcement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Manifest publication against the catalog's wire format: only what is missing, created then published. */
class ManifestPublisherTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void publishesOnlyMissingManifestsAsTheService() throws Exception {
        RuntimeProperties properties = new RuntimeProperties(100, 10, Enforcement.STRICT, Enforcement.STRICT, Duration.ofSeconds(2),
                Duration.ofSeconds(30), false, Duration.ofSeconds(30), "", false, Duration.ofSeconds(15), "", "", "", Duration.ofMinutes(5), true);
        ComponentRegistry registry = new ComponentRegistry(properties);
        // the catalog already has every component but merge, split and accumulator (its bootstrap's 16)
        StringBuilder listing = new StringBuilder("[");
        registry.all().stream().map(c -> c.spec().id())
                .filter(id -> !List.of("symbia.io.merge", "symbia.io.split", "symbia.state.accumulator").contains(id))
                .forEach(id -> listing.append(listing.length() > 1 ? "," : "").append("{\"key\":\"components/").append(id)
                        .append("\",\"metadata\":{\"manifest\":{\"key\":\"").append(id).append("\",\"outputs\":[{\"name\":\"out\"}]}}}"));
        listing.append("]");
        try (MockWebServer catalog = new MockWebServer()) {
            catalog.enqueue(json(200, listing.toString()));
            for (int i = 0; i < 3; i++) {
                catalog.enqueue(json(201, "{\"id\":\"r" + i + "\"}"));
                catalog.enqueue(json(201, "{\"version\":1}"));
            }
            catalog.start();
            RuntimeProperties pointed = new RuntimeProperties(100, 10, Enforcement.STRICT, Enforcement.STRICT, Duration.ofSeconds(2),
                    Duration.ofSeconds(30), false, Duration.ofSeconds(30), catalog.url("/").toString(), true, Duration.ofSeconds(15), "", "", "", Duration.ofMinutes(5), true);
            ManifestSource source = new ManifestSource(pointed, new MockEnvironment());
            List<String> published = new ManifestPublisher(registry, source, () -> "svc-token").publish();
            assertThat(published).containsExactly("symbia.io.merge", "symbia.io.split", "symbia.state.accumulator");

            List<RecordedRequest> requests = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                requests.add(catalog.takeRequest());
            }
            assertThat(requests).allSatisfy(r -> assertThat(r.getHeaders().get("Authorization")).isEqualTo("Bearer svc-token"));
            assertThat(requests.get(0).getTarget()).isEqualTo("/api/resources?type=component&limit=1000");
            assertThat(requests.get(1).getMethod()).isEqualTo("POST");
            JsonNode created = JSON.readTree(requests.get(1).getBody().utf8());
            assertThat(created.path("key").asString()).isEqualTo("components/symbia.io.merge");
            assertThat(created.path("accessPolicy").path("visibility").asString()).isEqualTo("public");
            assertThat(created.path("metadata").path("manifest").path("version").asString()).isEqualTo("1.3.0");
            assertThat(created.path("metadata").path("manifest").path("outputs").get(0).path("lane").asString()).isEqualTo("inherit");
            assertThat(requests.get(2).getTarget()).isEqualTo("/api/resources/r0/publish");
        }
        // without a service token nothing is attempted
        assertThat(new ManifestPublisher(registry, new ManifestSource(properties, new MockEnvironment()), () -> null).publish()).isEmpty();
    }

    private static MockResponse json(int code, String body) {
        return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build();
    }
}
