package dev.symbia.models;

import static org.assertj.core.api.Assertions.assertThat;

import dev.symbia.test.auth.TestIdentity;
import dev.symbia.test.service.ServiceContractTests;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The platform contract (schema, health, docs, discovery, problems) for the models service — here with a models
 * directory that does not exist, which must not keep the service from starting or being ready.
 */
@TestPropertySource(properties = {"symbia.models.path=target/no-such-models-dir", "symbia.relay.enabled=false",
        "symbia.models.catalog-enabled=false"})
class ModelsServiceTests extends ServiceContractTests {

    @Test
    void aMissingModelsDirectoryMeansNoModelsNotAFailure() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String bearer = TestIdentity.shared().user("u-empty").member("org-empty", "member").bearer();
        HttpResponse<String> status = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/api/models/status")).header("Authorization", bearer).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode body = JsonMapper.builder().build().readTree(status.body());
        assertThat(status.statusCode()).isEqualTo(200);
        assertThat(body.path("modelsPresent").asBoolean()).isFalse();
        assertThat(body.path("models").asInt()).isZero();

        HttpResponse<String> list = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/v1/models")).header("Authorization", bearer).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(JsonMapper.builder().build().readTree(list.body()).path("data").isEmpty()).isTrue();
        assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    }
}
