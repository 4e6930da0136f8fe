package dev.symbia.logging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.symbia.test.service.ServiceContractTests;
import org.junit.jupiter.api.Test;

/** The platform contract (schema, health, docs, discovery, problems) for the logging service. */
class LoggingServiceTests extends ServiceContractTests {

    @Test
    void documentsTheTelemetryApiWithoutLeakingThePrincipalSeam() throws Exception {
        String openApi = get("/docs/openapi.json").body();
        assertThat(openApi).contains("/api/logs/query", "/api/logs/stream", "/api/metrics/query", "/api/traces/{traceId}",
                "/api/assistant/summarize", "/v1/traces");
        // Reader and Writer come from the authenticated principal, never from request parameters.
        assertThat(openApi).doesNotContain("readsSystem").doesNotContain("memberOrgs");
    }

    @Test
    void discoveryNoLongerSaysScaffold() throws Exception {
        assertThat(get("/api/bootstrap/service").body()).contains("\"status\":\"ready\"", "\"scaffold\":false");
    }
}
