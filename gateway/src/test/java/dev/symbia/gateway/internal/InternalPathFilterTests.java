package dev.symbia.gateway.internal;

import static dev.symbia.gateway.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.symbia.gateway.support.GatewayTestSupport;
import dev.symbia.gateway.support.RawHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Sent over a raw socket so that the request target reaches the gateway exactly as written. */
class InternalPathFilterTests extends GatewayTestSupport {

    @ParameterizedTest
    @ValueSource(strings = {
            "/api/identity/internal/credentials/u1/openai",
            "/api/identity/internal",
            "/api/integrations/INTERNAL/execute",
            "/api/identity%2Finternal%2Fcredentials",
            "/api/identity/%2finternal",
            "/api/identity/%252Finternal%252Fx",
            "/api/identity/./internal/credentials",
            "/api/identity/%2e/internal/credentials",
            "/api/identity//internal/credentials",
            "//internal/credentials",
            "/api/identity/x/../internal/credentials",
            "/api/identity/internal;a=b/credentials",
            "/svc/identity/api/internal/credentials",
            "/svc/identity/api/internal",
    })
    void internalPathsAre404ProblemsAndNeverForwarded(String target) throws Exception {
        RawHttp.Response response = RawHttp.get(port, target);

        assertProblem(response, 404, "not-found");
        assertThat(UPSTREAMS.totalRequestCount()).isZero();
    }

    @Test
    void theAnswerIsTheSameAsForAnUnknownPath() throws Exception {
        RawHttp.Response hidden = RawHttp.get(port, "/api/identity/internal/credentials");
        RawHttp.Response unknown = RawHttp.get(port, "/api/nothing/here");

        assertThat(json(hidden.body()).path("title")).isEqualTo(json(unknown.body()).path("title"));
        assertThat(json(hidden.body()).path("detail")).isEqualTo(json(unknown.body()).path("detail"));
    }

    @Test
    void similarNamesAreForwarded() throws Exception {
        assertThat(RawHttp.get(port, "/api/identity/internals").status()).isEqualTo(200);
        assertThat(UPSTREAMS.totalRequestCount()).isEqualTo(1);
    }
}
