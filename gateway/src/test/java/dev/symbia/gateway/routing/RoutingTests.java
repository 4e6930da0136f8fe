package dev.symbia.gateway.routing;

import static dev.symbia.gateway.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.symbia.core.SymbiaService;
import dev.symbia.gateway.support.FakeService;
import dev.symbia.gateway.support.GatewayTestSupport;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class RoutingTests extends GatewayTestSupport {

    @ParameterizedTest
    @EnumSource(SymbiaService.class)
    void apiRouteGoesToThatServicesApi(SymbiaService service) throws Exception {
        HttpResponse<String> response = get("/api/" + service.id() + "/things/42?expand=owner&q=a%20b");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response.body()).path("service").asString()).isEqualTo(service.id());
        FakeService.Received received = UPSTREAMS.get(service).takeRequest();
        assertThat(received.method()).isEqualTo("GET");
        assertThat(received.target()).isEqualTo("/api/things/42?expand=owner&q=a%20b");
        assertThat(UPSTREAMS.requestCountExcept(service)).isZero();
    }

    @Test
    void postToMessagingSendReachesMessagingApiSendWithItsBody() throws Exception {
        String body = "{\"content\":\"hello\"}";
        HttpResponse<String> response = send(request("/api/messaging/send")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());

        assertThat(response.statusCode()).isEqualTo(200);
        FakeService.Received received = UPSTREAMS.get(SymbiaService.MESSAGING).takeRequest();
        assertThat(received.method()).isEqualTo("POST");
        assertThat(received.target()).isEqualTo("/api/send");
        assertThat(received.bodyText()).isEqualTo(body);
        assertThat(received.header("Content-Type")).isEqualTo("application/json");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/svc/catalog/health/ready", "/svc/catalog/docs/openapi.json"})
    void svcRouteGoesToTheServiceRoot(String path) throws Exception {
        HttpResponse<String> response = get(path);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(UPSTREAMS.get(SymbiaService.CATALOG).takeRequest().target())
                .isEqualTo(path.substring("/svc/catalog".length()));
    }

    @Test
    void svcRouteWithoutRestGoesToSlash() throws Exception {
        assertThat(get("/svc/network").statusCode()).isEqualTo(200);
        assertThat(UPSTREAMS.get(SymbiaService.NETWORK).takeRequest().target()).isEqualTo("/");
    }

    @Test
    void svcRouteTellsTheServiceItsPublicPrefix() throws Exception {
        get("/svc/catalog/docs");

        FakeService.Received received = UPSTREAMS.get(SymbiaService.CATALOG).takeRequest();
        assertThat(received.header("X-Forwarded-Prefix")).isEqualTo("/svc/catalog");
        assertThat(received.header("X-Forwarded-Host")).isEqualTo("127.0.0.1:" + port);
    }

    @Test
    void v1GoesToIntegrationsUnchanged() throws Exception {
        HttpResponse<String> response = send(request("/v1/chat/completions")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"sambanova/x\"}"))
                .build());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(UPSTREAMS.get(SymbiaService.INTEGRATIONS).takeRequest().target()).isEqualTo("/v1/chat/completions");
        assertThat(UPSTREAMS.requestCountExcept(SymbiaService.INTEGRATIONS)).isZero();
    }

    @Test
    void jwksGoesToIdentity() throws Exception {
        assertThat(get("/.well-known/jwks.json").statusCode()).isEqualTo(200);
        assertThat(UPSTREAMS.get(SymbiaService.IDENTITY).takeRequest().target()).isEqualTo("/.well-known/jwks.json");
    }

    // "/" and page paths navigated to by a browser are the console (console.ConsoleServingTests).
    @ParameterizedTest
    @ValueSource(strings = {"/api/unknown/things", "/api/gateway/x", "/svc/postgres/health", "/api/Messaging/send",
            "/api/messagingx/send", "/somewhere"})
    void anythingElseIsA404ProblemAndReachesNoService(String path) throws Exception {
        HttpResponse<String> response = get(path);

        assertProblem(response, 404, "not-found");
        assertThat(UPSTREAMS.totalRequestCount()).isZero();
    }

    @Test
    void upstreamStatusHeadersAndBodyPassThrough() throws Exception {
        UPSTREAMS.get(SymbiaService.CATALOG).behave((exchange, request) -> {
            exchange.getResponseHeaders().set("X-Conversation-Id", "c-1");
            FakeService.json(exchange, 201, "{\"created\":true}");
        });

        HttpResponse<String> response = send(request("/api/catalog/resources")
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build());

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.headers().firstValue("X-Conversation-Id")).hasValue("c-1");
        assertThat(response.body()).isEqualTo("{\"created\":true}");
    }

    @Test
    void upstreamProblemIsPassedOnAsIs() throws Exception {
        UPSTREAMS.get(SymbiaService.IDENTITY).behave((exchange, request) -> {
            exchange.getResponseHeaders().set("Content-Type", "application/problem+json");
            byte[] body = "{\"status\":401,\"code\":\"unauthenticated\"}".getBytes();
            exchange.sendResponseHeaders(401, body.length);
            exchange.getResponseBody().write(body);
        });

        HttpResponse<String> response = get("/api/identity/auth/me");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).isEqualTo("{\"status\":401,\"code\":\"unauthenticated\"}");
    }

    @Test
    void forgedForwardingHeadersAreReplacedByTheGatewaysOwn() throws Exception {
        send(request("/api/logging/logs")
                .header("X-Forwarded-For", "203.0.113.9")
                .header("X-Forwarded-Host", "evil.example.org")
                .header("X-Forwarded-Proto", "https")
                .header("Forwarded", "for=203.0.113.9")
                .GET().build());

        FakeService.Received received = UPSTREAMS.get(SymbiaService.LOGGING).takeRequest();
        assertThat(received.header("X-Forwarded-For")).isEqualTo("127.0.0.1");
        assertThat(received.header("X-Forwarded-Host")).isEqualTo("127.0.0.1:" + port);
        assertThat(received.header("X-Forwarded-Proto")).isEqualTo("http");
        assertThat(received.header("Forwarded")).isNull();
    }
}
