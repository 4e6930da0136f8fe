package dev.symbia.gateway.cors;

import static dev.symbia.gateway.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.symbia.core.SymbiaService;
import dev.symbia.gateway.support.GatewayTestSupport;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The shared test context allows https://app.example.com, plus localhost (SYMBIA_ENV=test). */
class CorsTests extends GatewayTestSupport {

    private static final String ALLOWED = "https://app.example.com";

    @Test
    void preflightForAConfiguredOriginIsAnsweredAtTheGateway() throws Exception {
        HttpResponse<String> response = send(preflight("/api/messaging/send", ALLOWED, "content-type,authorization"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().allValues("Access-Control-Allow-Origin")).containsExactly(ALLOWED);
        assertThat(response.headers().firstValue("Access-Control-Allow-Credentials")).hasValue("true");
        assertThat(response.headers().firstValue("Access-Control-Allow-Methods").orElse("")).contains("POST");
        assertThat(response.headers().firstValue("Access-Control-Allow-Headers").orElse("").toLowerCase())
                .contains("content-type", "authorization");
        assertThat(UPSTREAMS.totalRequestCount()).isZero();
    }

    @Test
    void localhostIsAllowedOutsideProduction() throws Exception {
        HttpResponse<String> response = send(preflight("/api/messaging/send", "http://localhost:5173", "content-type"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).hasValue("http://localhost:5173");
    }

    @Test
    void preflightForAnotherOriginIsRefused() throws Exception {
        HttpResponse<String> response = send(preflight("/api/messaging/send", "https://evil.example.org", "content-type"));

        assertProblem(response, 403, "forbidden");
        assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(UPSTREAMS.totalRequestCount()).isZero();
    }

    @Test
    void preflightAskingForAnUnlistedHeaderIsRefused() throws Exception {
        HttpResponse<String> response = send(preflight("/api/messaging/send", ALLOWED, "x-not-allowed"));

        assertThat(response.statusCode()).isEqualTo(403);
    }

    @Test
    void crossOriginRequestFromAnotherOriginIsNotForwarded() throws Exception {
        HttpResponse<String> response = send(request("/api/messaging/conversations")
                .header("Origin", "https://evil.example.org").GET().build());

        assertProblem(response, 403, "forbidden");
        assertThat(UPSTREAMS.totalRequestCount()).isZero();
    }

    @Test
    void browserSeesOneSetOfCorsHeadersWhenTheServiceAddsItsOwn() throws Exception {
        UPSTREAMS.get(SymbiaService.CATALOG).behave((exchange, request) -> {
            exchange.getResponseHeaders().set("Access-Control-Allow-Origin", "*");
            exchange.getResponseHeaders().set("Access-Control-Allow-Credentials", "true");
            exchange.getResponseHeaders().set("Access-Control-Expose-Headers", "X-Internal-Thing");
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, 2);
            exchange.getResponseBody().write("{}".getBytes());
        });

        HttpResponse<String> response = send(request("/api/catalog/resources").header("Origin", ALLOWED).GET().build());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().allValues("Access-Control-Allow-Origin")).containsExactly(ALLOWED);
        assertThat(response.headers().allValues("Access-Control-Allow-Credentials")).containsExactly("true");
        assertThat(response.headers().allValues("Access-Control-Expose-Headers")).hasSize(1);
        assertThat(response.headers().firstValue("Access-Control-Expose-Headers").orElse(""))
                .contains("X-Request-Id").doesNotContain("X-Internal-Thing");
    }

    @Test
    void errorsTheGatewayAnswersAreReadableByTheAllowedOrigin() throws Exception {
        HttpResponse<String> response = send(request("/api/nowhere/x").header("Origin", ALLOWED).GET().build());

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().allValues("Access-Control-Allow-Origin")).containsExactly(ALLOWED);
    }

    private HttpRequest preflight(String path, String origin, String headers) {
        return request(path)
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", headers)
                .build();
    }
}
