package dev.symbia.gateway.support;

import static org.assertj.core.api.Assertions.assertThat;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Checks a body is the platform's RFC 9457 problem, as every gateway error must be. */
public final class Problems {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Problems() {
    }

    public static JsonNode assertProblem(int actualStatus, String contentType, String body, String requestIdHeader,
            int status, String code) {
        assertThat(actualStatus).isEqualTo(status);
        assertThat(contentType).startsWith("application/problem+json");
        JsonNode problem = JSON.readTree(body);
        assertThat(problem.path("type").asString()).isEqualTo("https://symbia.dev/problems/" + code);
        assertThat(problem.path("code").asString()).isEqualTo(code);
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("title").asString()).isNotBlank();
        assertThat(problem.path("detail").asString()).isNotBlank().doesNotContain("Exception");
        assertThat(problem.path("instance").asString()).startsWith("/");
        assertThat(problem.path("requestId").asString()).isNotBlank().isEqualTo(requestIdHeader);
        assertThat(problem.has("trace")).isFalse();
        return problem;
    }

    public static JsonNode assertProblem(java.net.http.HttpResponse<String> response, int status, String code) {
        return assertProblem(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                response.body(), response.headers().firstValue("X-Request-Id").orElse(null), status, code);
    }

    public static JsonNode assertProblem(RawHttp.Response response, int status, String code) {
        return assertProblem(response.status(), String.valueOf(response.header("Content-Type")), response.body(),
                response.header("X-Request-Id"), status, code);
    }
}
