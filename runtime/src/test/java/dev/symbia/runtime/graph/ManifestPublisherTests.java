package dev.symbia.runtime.graph;

import static org.assertj.core.api.Assertions.assertThat;

import dev.symbia.runtime.component.Component;
import dev.symbia.runtime.component.ComponentRegistry;
import dev.symbia.runtime.component.ComponentSpec;
import dev.symbia.runtime.config.RuntimeProperties;
import dev.symbia.runtime.config.RuntimeProperties.Enforcement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Manifest publication against the catalog's wire format: what is missing is created then published, what drifted is
 * patched then published with a changelog naming the difference, what agrees is left alone, a refusal is survived.
 */
class ManifestPublisherTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<String> RUNTIME_OWN = List.of("symbia.io.merge", "symbia.io.split", "symbia.state.accumulator");
    private static final RuntimeProperties PROPERTIES = properties("");
    private final ComponentRegistry registry = new ComponentRegistry(PROPERTIES);

    @Test
    void publishesOnlyMissingManifestsAsTheService() throws Exception {
        // the catalog already has every component, as the runtime declares it, but merge, split and accumulator
        ArrayNode listing = listing(id -> RUNTIME_OWN.contains(id) ? null : ManifestPublisher.manifest(spec(id)));
        try (MockWebServer catalog = new MockWebServer()) {
            catalog.enqueue(json(200, listing.toString()));
            for (int i = 0; i < 3; i++) {
                catalog.enqueue(json(201, "{\"id\":\"r" + i + "\"}"));
                catalog.enqueue(json(201, "{\"version\":1}"));
            }
            catalog.start();
            assertThat(publisher(catalog).publish()).containsExactlyElementsOf(RUNTIME_OWN);

            List<RecordedRequest> requests = take(catalog, 7);
            assertThat(requests).allSatisfy(r -> assertThat(r.getHeaders().get("Authorization")).isEqualTo("Bearer svc-token"));
            assertThat(requests.get(0).getTarget()).isEqualTo("/api/resources?type=component&limit=1000");
            assertThat(requests.get(1).getMethod()).isEqualTo("POST");
            JsonNode created = JSON.readTree(requests.get(1).getBody().utf8());
            assertThat(created.path("key").asString()).isEqualTo("components/symbia.io.merge");
            assertThat(created.path("accessPolicy").path("visibility").asString()).isEqualTo("public");
            assertThat(created.path("metadata").path("manifest").path("version").asString()).isEqualTo("1.3.0");
            assertThat(created.path("metadata").path("manifest").path("outputs").get(0).path("lane").asString()).isEqualTo("inherit");
            assertThat(requests.get(2).getTarget()).isEqualTo("/api/resources/r0/publish");
            assertThat(catalog.takeRequest(200, TimeUnit.MILLISECONDS)).as("nothing else was sent").isNull();
        }
        // without a service token nothing is attempted
        assertThat(new ManifestPublisher(registry, new ManifestSource(PROPERTIES, new MockEnvironment()), () -> null).publish()).isEmpty();
    }

    @Test
    void aDriftedManifestIsPatchedAndPublishedWithAChangelogAndASecondRunDoesNothing() throws Exception {
        ObjectNode drifted = ManifestPublisher.manifest(spec("symbia.logic.filter"));
        ((ObjectNode) drifted.get("outputs").get(1)).put("lane", "apocryphal");
        ((ObjectNode) drifted.get("config").get("value")).put("type", "string");
        ArrayNode listing = listing(id -> id.equals("symbia.logic.filter") ? drifted : ManifestPublisher.manifest(spec(id)));
        ((ObjectNode) listing.get(index(listing, "symbia.logic.filter")).get("metadata")).put("icon", "funnel");
        try (MockWebServer catalog = new MockWebServer()) {
            catalog.enqueue(json(200, listing.toString()));
            catalog.enqueue(json(200, "{\"id\":\"id-symbia.logic.filter\"}"));
            catalog.enqueue(json(201, "{\"version\":2}"));
            catalog.start();
            assertThat(publisher(catalog).publish()).containsExactly("symbia.logic.filter");

            List<RecordedRequest> requests = take(catalog, 3);
            RecordedRequest patch = requests.get(1);
            assertThat(patch.getMethod()).isEqualTo("PATCH");
            assertThat(patch.getTarget()).isEqualTo("/api/resources/id-symbia.logic.filter");
            JsonNode metadata = JSON.readTree(patch.getBody().utf8()).path("metadata");
            assertThat(metadata.path("manifest")).isEqualTo(ManifestPublisher.manifest(spec("symbia.logic.filter")));
            assertThat(metadata.path("icon").asString()).as("the rest of the metadata is kept").isEqualTo("funnel");
            assertThat(requests.get(2).getTarget()).isEqualTo("/api/resources/id-symbia.logic.filter/publish");
            assertThat(JSON.readTree(requests.get(2).getBody().utf8()).path("changelog").asString())
                    .contains("outputs").contains("fail:apocryphal").contains("fail:inherit").contains("config fields [value]")
                    .doesNotContain("inputs");

            // the catalog now holds the corrected manifest: a second run only lists
            catalog.enqueue(json(200, listing(id -> ManifestPublisher.manifest(spec(id))).toString()));
            assertThat(publisher(catalog).publish()).isEmpty();
            assertThat(catalog.takeRequest().getMethod()).isEqualTo("GET");
            assertThat(catalog.takeRequest(200, TimeUnit.MILLISECONDS)).isNull();
        }
    }

    @Test
    void aCatalogRefusalIsLoggedAndNothingIsPublished() throws Exception {
        ObjectNode drifted = ManifestPublisher.manifest(spec("symbia.state.window"));
        drifted.remove("config");
        try (MockWebServer catalog = new MockWebServer()) {
            catalog.enqueue(json(200, listing(id -> id.equals("symbia.state.window") ? drifted : ManifestPublisher.manifest(spec(id)))
                    .toString()));
            catalog.enqueue(json(403, "{\"status\":403,\"title\":\"Forbidden\"}"));
            catalog.start();
            assertThat(publisher(catalog).publish()).isEmpty();
            assertThat(take(catalog, 2).get(1).getMethod()).isEqualTo("PATCH");
            assertThat(catalog.takeRequest(200, TimeUnit.MILLISECONDS)).as("no publish after a refused patch").isNull();
        }
        try (MockWebServer down = new MockWebServer()) {
            down.start();
            String url = down.url("/").toString();
            down.close();
            assertThat(new ManifestPublisher(registry, new ManifestSource(properties(url), new MockEnvironment()), () -> "svc-token")
                    .publish()).isEmpty();
        }
    }

    @Test
    void driftComparesPortsWithLanesAndConfigNotDescriptionsOrOrder() {
        ObjectNode runtime = ManifestPublisher.manifest(spec("symbia.state.join"));
        ObjectNode same = runtime.deepCopy();
        same.put("description", "Worded differently").put("version", "1.0.0");
        ArrayNode outputs = (ArrayNode) same.get("outputs");
        outputs.insert(0, outputs.remove(1));
        assertThat(ManifestPublisher.drift(same, runtime)).isEmpty();

        ObjectNode absentLane = runtime.deepCopy();
        ((ObjectNode) absentLane.get("outputs").get(0)).remove("lane");
        assertThat(ManifestPublisher.drift(absentLane, runtime)).as("absent lane means inherit").isEmpty();

        ObjectNode renamed = runtime.deepCopy();
        ((ObjectNode) renamed.get("inputs").get(0)).put("name", "input");
        assertThat(ManifestPublisher.drift(renamed, runtime)).singleElement().asString().startsWith("inputs [input]");

        ObjectNode undeclared = runtime.deepCopy();
        undeclared.remove("config");
        assertThat(ManifestPublisher.drift(undeclared, runtime)).containsExactly("config undeclared");
    }

    /** The catalog's bootstrap file carries the runtime's manifests, so a fresh stack has nothing to correct. */
    @Test
    void theCatalogBootstrapFileAgreesWithTheRuntime() throws Exception {
        JsonNode entries = JSON.readTree(Files.readString(Path.of("../catalog/src/main/resources/bootstrap/components.json")));
        Map<String, ComponentSpec> specs = registry.all().stream().map(Component::spec)
                .collect(Collectors.toMap(ComponentSpec::id, Function.identity()));
        List<String> disagreeing = new ArrayList<>();
        for (JsonNode entry : entries) {
            JsonNode manifest = entry.path("metadata").path("manifest");
            ComponentSpec spec = specs.get(manifest.path("key").asString());
            assertThat(spec).as(manifest.path("key").asString() + " is a runtime component").isNotNull();
            assertThat(entry.path("key").asString()).isEqualTo("components/" + spec.id());
            if (!manifest.equals(ManifestPublisher.manifest(spec))) {
                disagreeing.add(JSON.writeValueAsString(ManifestPublisher.manifest(spec)));
            }
        }
        assertThat(disagreeing).as("bootstrap manifests differing from the runtime's (runtime's shown)").isEmpty();
        assertThat(entries.size()).isEqualTo(16);
    }

    private ManifestPublisher publisher(MockWebServer catalog) {
        return new ManifestPublisher(registry, new ManifestSource(properties(catalog.url("/").toString()), new MockEnvironment()),
                () -> "svc-token");
    }

    private ComponentSpec spec(String id) {
        return registry.all().stream().map(Component::spec).filter(s -> s.id().equals(id)).findFirst().orElseThrow();
    }

    /** The catalog's list of component resources; {@code manifests} null for an id leaves it out. */
    private ArrayNode listing(Function<String, JsonNode> manifests) {
        ArrayNode out = JSON.createArrayNode();
        for (Component component : registry.all()) {
            JsonNode manifest = manifests.apply(component.spec().id());
            if (manifest != null) {
                ObjectNode resource = out.addObject().put("id", "id-" + component.spec().id())
                        .put("key", "components/" + component.spec().id());
                resource.putObject("metadata").set("manifest", manifest);
            }
        }
        return out;
    }

    private static int index(ArrayNode listing, String id) {
        for (int i = 0; i < listing.size(); i++) {
            if (listing.get(i).path("key").asString().equals("components/" + id)) {
                return i;
            }
        }
        throw new IllegalArgumentException(id);
    }

    private static List<RecordedRequest> take(MockWebServer server, int n) throws InterruptedException {
        List<RecordedRequest> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(server.takeRequest());
        }
        return out;
    }

    private static RuntimeProperties properties(String catalogUrl) {
        return new RuntimeProperties(100, 10, Enforcement.STRICT, Enforcement.STRICT, Duration.ofSeconds(2), Duration.ofSeconds(30),
                false, Duration.ofSeconds(30), catalogUrl, !catalogUrl.isEmpty(), Duration.ofSeconds(15), "", "", "",
                Duration.ofMinutes(5), true, true, true);
    }

    private static MockResponse json(int code, String body) {
        return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build();
    }
}
