package dev.symbia.gateway.routing;

import static dev.symbia.gateway.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.symbia.core.SymbiaService;
import dev.symbia.gateway.support.FakeService;
import dev.symbia.gateway.support.GatewayTestSupport;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class UpstreamFailureTests extends GatewayTestSupport {

    @Test
    void serviceThatDoesNotAnswerInTimeIsA504Problem() throws Exception {
        // The shared test context sets the response timeout to 1 s.
        UPSTREAMS.get(SymbiaService.CATALOG).behave((exchange, request) -> {
            try {
                Thread.sleep(3000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            FakeService.json(exchange, 200, "{}");
        });

        HttpResponse<String> response = get("/api/catalog/resources");

        assertProblem(response, 504, "timeout");
        assertThat(json(response.body()).path("detail").asString()).contains("catalog");
    }

    @Test
    void serviceThatDropsTheConnectionIsA502Problem() throws Exception {
        // Answering nothing: the JDK server then closes the connection without a response.
        UPSTREAMS.get(SymbiaService.CATALOG).behave((exchange, request) -> { });

        HttpResponse<String> response = get("/api/catalog/resources");

        assertProblem(response, 502, "bad-gateway");
    }
}
