package dev.symbia.models.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.symbia.auth.ServiceTokenClient;
import dev.symbia.models.ModelsProperties;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import tools.jackson.databind.json.JsonMapper;

/** Models already in the catalog are updated by the ids the catalog gives them, found by key in one listing. */
class CatalogRegistrationTests {

    private static final String EXISTING_ID = "5f1c7d2e-0000-4000-8000-000000000042";
    private static final String OTHER_ID = "5f1c7d2e-0000-4000-8000-000000000043";

    private final MockWebServer catalog = new MockWebServer();
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private CatalogRegistration registration;

    @AfterEach
    void stop() throws Exception {
        if (registration != null) {
            registration.close();
        }
        catalog.close();
    }

    @Test
    void knownKeysAreUpdatedByTheirCatalogIdsFromOneListing() throws Exception {
        catalog.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                requests.add(request);
                if ("POST".equals(request.getMethod())) {
                    return json(409, "{\"title\":\"Conflict\",\"status\":409}");
                }
                if ("GET".equals(request.getMethod()) && request.getTarget().startsWith("/api/resources?")) {
                    return json(200, "[{\"id\":\"00000000-0000-4000-8000-000000000001\",\"key\":\"integrations/other\"},"
                            + "{\"id\":\"" + EXISTING_ID + "\",\"key\":\"" + CatalogRegistration.key("tiny") + "\"},"
                            + "{\"id\":\"" + OTHER_ID + "\",\"key\":\"" + CatalogRegistration.key("small") + "\"}]");
                }
                return json(200, "{}");
            }
        });
        catalog.start();
        registration = new CatalogRegistration(properties(), new StaticListableBeanFactory()
                .getBeanProvider(ServiceTokenClient.class), JsonMapper.builder().build());

        registration.register(List.of(model("tiny"), model("small")));

        await().atMost(Duration.ofSeconds(10)).until(() -> requests.stream().filter(r -> "PATCH".equals(r.getMethod())).count() == 2);
        List<RecordedRequest> patches = requests.stream().filter(r -> "PATCH".equals(r.getMethod())).toList();
        assertThat(patches.get(0).getTarget()).isEqualTo("/api/resources/" + EXISTING_ID);
        assertThat(patches.get(0).getBody().utf8()).contains("\"key\":\"" + CatalogRegistration.key("tiny") + "\"");
        assertThat(patches.get(1).getTarget()).isEqualTo("/api/resources/" + OTHER_ID);
        assertThat(requests).extracting(RecordedRequest::getMethod).containsExactly("POST", "GET", "PATCH", "POST", "PATCH");
    }

    private ModelsProperties properties() {
        return new ModelsProperties(Path.of("models"), 2, Duration.ofMinutes(5), 8, Duration.ofSeconds(60), 1, 4096, 0,
                catalog.url("/").toString(), true, Duration.ofMillis(100));
    }

    private static ModelRecord model(String id) {
        return new ModelRecord(id, id + ".gguf", "/models/" + id + ".gguf", 1024, Instant.EPOCH, "ab".repeat(32), "llama",
                id, 2048, 1_000_000L, "F32", null, false, null, Instant.EPOCH);
    }

    private static MockResponse json(int status, String body) {
        return new MockResponse.Builder().code(status).addHeader("Content-Type", "application/json").body(body).build();
    }
}
