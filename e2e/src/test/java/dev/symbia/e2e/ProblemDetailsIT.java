package dev.symbia.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.symbia.core.SymbiaService;
import dev.symbia.e2e.support.Gateway;
import dev.symbia.e2e.support.StackExtension;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/** Every service answers bad input with application/problem+json, through the gateway. */
@ExtendWith(StackExtension.class)
class ProblemDetailsIT {

    private static final String MALFORMED_JSON = "{\"content\": \"unterminated";

    /**
     * One real JSON endpoint per service that must answer 400 problem+json for a malformed body:
     * add one line here as each service's features land, e.g.
     * {@code Arguments.of(SymbiaService.MESSAGING, "/api/messaging/send")}.
     */
    static Stream<Arguments> jsonEndpoints() {
        return Stream.of(
                Arguments.of(SymbiaService.IDENTITY, "/api/identity/auth/login")
        );
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(SymbiaService.class)
    void unknownPathIsProblem404(SymbiaService service, Gateway gateway) {
        String requestId = "e2e-" + service.id() + "-" + UUID.randomUUID();

        Gateway.Response response = gateway.get("/api/" + service.id() + "/nope", "X-Request-Id", requestId);

        JsonNode problem = assertProblem(response, 404);
        // The caller's request id crossed the gateway and came back from the service.
        assertThat(problem.path("requestId").asString()).as("requestId in %s", response).isEqualTo(requestId);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(SymbiaService.class)
    void malformedPostToReadOnlyEndpointIsProblem405(SymbiaService service, Gateway gateway) {
        Gateway.Response response = gateway.post("/api/" + service.id() + "/bootstrap/service",
                "application/json", MALFORMED_JSON);

        assertProblem(response, 405);
    }

    @ParameterizedTest(name = "{0} POST {1}")
    @MethodSource("jsonEndpoints")
    void malformedJsonIsProblem400(SymbiaService service, String path, Gateway gateway) {
        Gateway.Response response = gateway.post(path, "application/json", MALFORMED_JSON);

        assertProblem(response, 400);
    }

    private static JsonNode assertProblem(Gateway.Response response, int status) {
        assertThat(response.status()).as("%s", response).isEqualTo(status);
        assertThat(response.isProblem()).as("problem+json content type: %s", response).isTrue();
        JsonNode problem = response.json();
        assertThat(problem.path("status").asInt()).as("status in %s", response).isEqualTo(status);
        assertThat(problem.path("title").asString()).as("title in %s", response).isNotBlank();
        return problem;
    }
}
