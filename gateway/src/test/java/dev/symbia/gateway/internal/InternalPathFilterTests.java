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

    @ParameterizedTest
    @ValueSource(strings = {
            "/svc/integrations/actuator/prometheus",
            "/svc/identity/actuator/info",
            "/svc/identity/actuator",
            "/svc/identity/actuator/",
            "/svc/identity/actuator/env",
            "/svc/identity/ACTUATOR/prometheus",
            "/svc/identity/%61ctuator/prometheus",
            "/svc/identity/%2561ctuator/prometheus",
            "/svc/identity/x/../actuator/prometheus",
            "/svc/identity/./actuator/metrics",
            "/svc/identity//actuator/metrics",
            "/svc/identity/actuator;a=b/prometheus",
            "/svc/identity/actuator/health/../prometheus",
            "/api/identity/x/../../actuator/prometheus",
            "/api/identity/%2e%2e/actuator/info",
            "/v1/../actuator/prometheus",
            "/svc/identity/api/../actuator/env",
    })
    void serviceActuatorsOtherThanHealthAre404ProblemsAndNeverForwarded(String target) throws Exception {
        RawHttp.Response response = RawHttp.get(port, target);

        assertProblem(response, 404, "not-found");
        assertThat(UPSTREAMS.totalRequestCount()).isZero();
    }

    @Test
    void aServiceTokenDoesNotOpenAServiceActuatorEither() throws Exception {
        RawHttp.Response response = RawHttp.get(port, "/svc/integrations/actuator/prometheus",
                "Authorization: Bearer " + dev.symbia.test.auth.TestIdentity.shared().service("logging").token());

        assertProblem(response, 404, "not-found");
        assertThat(UPSTREAMS.totalRequestCount()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/svc/identity/actuator/health", "/svc/identity/actuator/health/liveness",
            "/svc/identity/actuator-notes", "/api/identity/actuator/prometheus", "/v1/actuator/models"})
    void serviceHealthIsForwarded(String target) throws Exception {
        assertThat(RawHttp.get(port, target).status()).isEqualTo(200);
        assertThat(UPSTREAMS.totalRequestCount()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/actuator/prometheus", "/actuator/info", "/actuator/metrics", "/actuator/env"})
    void theGatewaysOwnMetricsAndInfoAreNotPublic(String target) throws Exception {
        assertProblem(RawHttp.get(port, target), 404, "not-found");
        assertProblem(RawHttp.get(port, target, "Authorization: Bearer "
                + dev.symbia.test.auth.TestIdentity.shared().user("ops").token()), 404, "not-found");
        assertThat(RawHttp.get(port, "/actuator/health").status()).isEqualTo(200);
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
