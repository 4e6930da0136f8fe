package dev.symbia.gateway.request;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

class ClientAddressTests {

    private static final InetSocketAddress PEER = new InetSocketAddress("10.0.0.7", 40000);

    @Test
    void withoutTrustTheAddressIsThePeerWhateverTheHeadersSay() {
        ServerWebExchange seen = run(false, MockServerHttpRequest.get("/api/x")
                .remoteAddress(PEER)
                .header("X-Forwarded-For", "203.0.113.9"));

        assertThat(RequestContext.clientAddress(seen)).isEqualTo("10.0.0.7");
        assertThat(seen.getRequest().getHeaders().containsHeader("X-Forwarded-For")).isFalse();
    }

    @Test
    void withTrustTheAddressIsTheEntryTheNearestProxyAppended() {
        ServerWebExchange seen = run(true, MockServerHttpRequest.get("/api/x")
                .remoteAddress(PEER)
                .header("X-Forwarded-For", "198.51.100.1, 203.0.113.9"));

        // The left entry came from the client and could be anything; the right one from our proxy.
        assertThat(RequestContext.clientAddress(seen)).isEqualTo("203.0.113.9");
        assertThat(seen.getRequest().getHeaders().getFirst("X-Forwarded-For")).isEqualTo("198.51.100.1, 203.0.113.9");
    }

    @Test
    void withTrustButNoHeaderTheAddressIsThePeer() {
        ServerWebExchange seen = run(true, MockServerHttpRequest.get("/api/x").remoteAddress(PEER));

        assertThat(RequestContext.clientAddress(seen)).isEqualTo("10.0.0.7");
    }

    private static ServerWebExchange run(boolean trust, MockServerHttpRequest.BaseBuilder<?> request) {
        RequestContextFilter filter = new RequestContextFilter(new ForwardedHeadersProperties(trust));
        AtomicReference<ServerWebExchange> seen = new AtomicReference<>();
        filter.filter(MockServerWebExchange.from(request), exchange -> {
            seen.set(exchange);
            return Mono.empty();
        }).block();
        return seen.get();
    }
}
