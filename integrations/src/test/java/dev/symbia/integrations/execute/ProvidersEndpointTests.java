package dev.symbia.integrations.execute;

import static org.assertj.core.api.Assertions.assertThat;

import dev.symbia.integrations.testing.GatewayTestSupport;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ProvidersEndpointTests extends GatewayTestSupport {

    @Test
    void listsConfiguredProvidersAndWhetherTheCallerHasAKeyNeverTheKey() throws Exception {
        HttpResponse<String> response = get("/api/providers");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).doesNotContain(SAMBA_KEY).doesNotContain(HF_KEY);
        JsonNode body = json(response.body());
        assertThat(body.path("defaultProvider").asString()).isEqualTo("sambanova");
        JsonNode providers = body.path("providers");
        assertThat(providers).hasSize(3); // openai is disabled in these tests
        JsonNode samba = providers.path(0);
        assertThat(samba.path("name").asString()).isEqualTo("sambanova");
        assertThat(samba.path("isDefault").asBoolean()).isTrue();
        assertThat(samba.path("defaultModel").asString()).isEqualTo(SAMBA_MODEL);
        assertThat(samba.path("operations").path(0).asString()).isEqualTo("chat.completions");
        assertThat(samba.path("credential").path("available").asBoolean()).isTrue();
        assertThat(samba.path("credential").path("source").asString()).isEqualTo("env");
        assertThat(samba.path("circuit").asString()).isEqualTo("closed");
        assertThat(providers.path(1).path("name").asString()).isEqualTo("huggingface");
        assertThat(providers.path(1).path("defaultModel").asString()).isEqualTo(HF_MODEL);
        JsonNode local = providers.path(2);
        assertThat(local.path("name").asString()).isEqualTo("local");
        assertThat(local.path("credential").path("required").asBoolean()).isFalse();
        assertThat(local.path("credential").path("available").asBoolean()).isTrue();
    }

    @Test
    void requiresACaller() throws Exception {
        HttpResponse<String> response = send(java.net.http.HttpRequest.newBuilder(uri("/api/providers")).GET());
        assertThat(response.statusCode()).isEqualTo(401);
    }

    private static HttpResponse<String> send(java.net.http.HttpRequest.Builder request) throws Exception {
        return java.net.http.HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
