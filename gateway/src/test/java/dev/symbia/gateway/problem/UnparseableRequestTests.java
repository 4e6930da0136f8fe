package dev.symbia.gateway.problem;

import static org.assertj.core.api.Assertions.assertThat;

import dev.symbia.gateway.support.GatewayTestSupport;
import dev.symbia.gateway.support.RawHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * What Netty, or Spring's adapter before any filter, answers on its own is a problem too: requests
 * sent over a raw socket, exactly as written, as an attacker would.
 */
class UnparseableRequestTests extends GatewayTestSupport {

    @ParameterizedTest
    @ValueSource(strings = {"/api/identity/{}", "/api/identity/a\\b", "/api/identity/%zz{", "/svc/identity/|x|"})
    void anUnparseablePathIsA400Problem(String target) throws Exception {
        RawHttp.Response response = RawHttp.get(port, target);

        assertBareProblem(response, 400, "malformed-request");
        assertThat(UPSTREAMS.totalRequestCount()).isZero();
    }

    @Test
    void aVeryLongUriIsA414Problem() throws Exception {
        RawHttp.Response response = RawHttp.get(port, "/api/identity/api-keys/" + "a".repeat(5_000));

        JsonNode problem = assertBareProblem(response, 414, "malformed-request");
        assertThat(problem.path("detail").asString()).doesNotContain("aaaa");
        assertThat(UPSTREAMS.totalRequestCount()).isZero();
    }

    @Test
    void oversizedHeadersAreA431Problem() throws Exception {
        RawHttp.Response response = RawHttp.get(port, "/api/identity/x", "X-Padding: " + "p".repeat(20_000));

        assertBareProblem(response, 431, "malformed-request");
        assertThat(UPSTREAMS.totalRequestCount()).isZero();
    }

    @Test
    void aServicesOwnAnswersAndTheGatewaysProblemsAreUntouched() throws Exception {
        RawHttp.Response routed = RawHttp.get(port, "/api/identity/anything");
        assertThat(routed.status()).isEqualTo(200);
        assertThat(routed.header("Content-Type")).doesNotStartWith("application/problem+json");

        RawHttp.Response unknown = RawHttp.get(port, "/nothing/here");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(json(unknown.body()).path("instance").asString()).isEqualTo("/nothing/here");
    }

    private static JsonNode assertBareProblem(RawHttp.Response response, int status, String code) {
        assertThat(response.status()).isEqualTo(status);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        JsonNode problem = json(response.body());
        assertThat(problem.path("type").asString()).isEqualTo("https://symbia.dev/problems/" + code);
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("code").asString()).isEqualTo(code);
        assertThat(problem.path("title").asString()).isNotBlank();
        assertThat(problem.path("detail").asString()).isNotBlank().doesNotContain("Exception");
        assertThat(problem.path("requestId").asString()).isNotBlank().isEqualTo(response.header("X-Request-Id"));
        assertThat(response.body()).doesNotContain("at io.netty", "at org.springframework");
        return problem;
    }
}
