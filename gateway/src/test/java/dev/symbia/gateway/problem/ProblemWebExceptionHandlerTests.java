package dev.symbia.gateway.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.MethodNotAllowedException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ProblemWebExceptionHandlerTests {

    private final JsonMapper json = JsonMapper.builder().build();
    private final ProblemWebExceptionHandler handler = new ProblemWebExceptionHandler(json);

    @Test
    void unexpectedErrorsAreA500WithoutTheirMessage() {
        MockServerWebExchange exchange = exchange("/api/catalog/x");

        handler.handle(exchange, new IllegalStateException("password=hunter2 at db:5432")).block();

        JsonNode body = body(exchange);
        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
        assertThat(body.path("code").asString()).isEqualTo("internal");
        assertThat(body.toString()).doesNotContain("hunter2", "5432", "IllegalStateException");
    }

    @Test
    void wrappedConnectionFailuresAre503() {
        MockServerWebExchange exchange = exchange("/api/catalog/x");

        handler.handle(exchange, new RuntimeException(new ConnectException("Connection refused: /10.0.0.3:5003"))).block();

        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(body(exchange).toString()).doesNotContain("10.0.0.3");
    }

    @Test
    void springStatusErrorsKeepTheirStatusWithOurOwnDetail() {
        MockServerWebExchange exchange = exchange("/api/health");

        handler.handle(exchange, new MethodNotAllowedException("DELETE", Set.of())).block();

        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.METHOD_NOT_ALLOWED);
        assertThat(body(exchange).path("code").asString()).isEqualTo("method-not-allowed");
        assertThat(exchange.getResponse().getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void anErrorAfterTheResponseStartedIsNotAnswered() {
        MockServerWebExchange exchange = exchange("/api/messaging/send");
        exchange.getResponse().setComplete().block();

        assertThatThrownBy(() -> handler.handle(exchange, new IllegalStateException("mid-stream")).block())
                .hasMessageContaining("mid-stream");
    }

    private static MockServerWebExchange exchange(String path) {
        return MockServerWebExchange.from(MockServerHttpRequest.get(path));
    }

    private JsonNode body(MockServerWebExchange exchange) {
        return json.readTree(exchange.getResponse().getBodyAsString().block());
    }
}
