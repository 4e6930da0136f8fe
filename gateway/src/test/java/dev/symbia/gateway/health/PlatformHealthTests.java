package dev.symbia.gateway.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.symbia.core.SymbiaService;
import dev.symbia.gateway.support.GatewayTestSupport;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

class PlatformHealthTests extends GatewayTestSupport {

    @Test
    void allNineReadyIs200Up() throws Exception {
        HttpResponse<String> response = get("/api/health");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json(response.body());
        assertThat(body.path("status").asString()).isEqualTo("up");
        for (SymbiaService service : SymbiaService.values()) {
            JsonNode entry = body.path("services").path(service.id());
            assertThat(entry.path("status").asString()).as(service.id()).isEqualTo("up");
            assertThat(entry.path("latencyMs").isIntegralNumber()).as(service.id()).isTrue();
            assertThat(entry.path("latencyMs").asLong()).isNotNegative();
            assertThat(UPSTREAMS.get(service).takeRequest().target()).isEqualTo("/health/ready");
        }
        assertThat(body.path("services").properties()).hasSize(SymbiaService.values().length);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/health", "/health/live", "/health/ready"})
    void theGatewaysOwnProbesAnswer(String path) throws Exception {
        HttpResponse<String> response = get(path);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response.body()).path("status").asString()).isEqualTo("UP");
        assertThat(UPSTREAMS.totalRequestCount()).isZero();
    }
}
