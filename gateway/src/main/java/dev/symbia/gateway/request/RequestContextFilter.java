package dev.symbia.gateway.request;

import dev.symbia.core.RequestIds;
import dev.symbia.core.TraceParent;
import dev.symbia.gateway.FilterOrder;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import org.springframework.cloud.gateway.support.ipresolver.XForwardedRemoteAddressResolver;
import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Gives every request an {@code X-Request-Id} (the caller's when safe, else a fresh one) and a W3C
 * {@code traceparent} (a child of the caller's, else a new trace), forwards both upstream and echoes
 * the request id on the response. Also settles the client address and, unless a proxy in front is
 * trusted, drops forwarding headers a client could have forged, and always drops the services'
 * internal {@code X-Symbia-*} headers.
 *
 * <p>The {@code traceparent} set here is the fallback for a gateway without tracing. With tracing
 * on (the default), the gateway's server span continues the caller's trace and Spring Cloud Gateway's
 * observability replaces the header, when the request is proxied, with the context of the proxy
 * call's client span — a child of that server span — so the service's spans hang under the gateway's
 * in one trace (GatewayTracingTests).
 */
class RequestContextFilter implements WebFilter, Ordered {

    static final String TRACESTATE = "tracestate";

    private static final List<String> FORWARDING_HEADERS = List.of("Forwarded", "X-Forwarded-For",
            "X-Forwarded-Proto", "X-Forwarded-Host", "X-Forwarded-Port", "X-Forwarded-Prefix", "X-Real-IP");

    static final String INTERNAL_HEADER_PREFIX = "X-Symbia-";

    // Only the entry appended by the proxy directly in front of us can be trusted.
    private static final XForwardedRemoteAddressResolver NEAREST_PROXY = XForwardedRemoteAddressResolver.maxTrustedIndex(1);

    private final boolean trustForwardedFor;

    RequestContextFilter(ForwardedHeadersProperties properties) {
        this.trustForwardedFor = properties.trustForwardedFor();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        String requestId = RequestIds.acceptOrMint(request.getHeaders().getFirst(RequestIds.HEADER));
        Optional<TraceParent> incomingTrace = TraceParent.parse(request.getHeaders().getFirst(TraceParent.HEADER));
        TraceParent forwardedTrace = incomingTrace.map(TraceParent::child).orElseGet(TraceParent::mint);

        exchange.getAttributes().put(RequestContext.REQUEST_ID_ATTRIBUTE, requestId);
        exchange.getAttributes().put(RequestContext.CLIENT_ADDRESS_ATTRIBUTE, clientAddress(exchange));

        ServerHttpRequest forwarded = request.mutate().headers(headers -> {
            headers.set(RequestIds.HEADER, requestId);
            headers.set(TraceParent.HEADER, forwardedTrace.header());
            if (incomingTrace.isEmpty()) {
                // tracestate belongs to the caller's trace, which we did not continue.
                headers.remove(TRACESTATE);
            }
            if (!trustForwardedFor) {
                FORWARDING_HEADERS.forEach(headers::remove);
            }
            // X-Symbia-* headers are spoken between services (who acts for whom); a client
            // never gets to set them.
            List.copyOf(headers.headerNames()).stream()
                    .filter(name -> name.regionMatches(true, 0, INTERNAL_HEADER_PREFIX, 0, INTERNAL_HEADER_PREFIX.length()))
                    .forEach(headers::remove);
        }).build();
        ServerWebExchange next = exchange.mutate().request(forwarded).build();
        // Set at commit time so it replaces (not duplicates) the id an upstream service echoes.
        next.getResponse().beforeCommit(() -> {
            next.getResponse().getHeaders().set(RequestIds.HEADER, requestId);
            return Mono.empty();
        });
        return chain.filter(next);
    }

    private String clientAddress(ServerWebExchange exchange) {
        InetSocketAddress address = trustForwardedFor
                ? NEAREST_PROXY.resolve(exchange)
                : exchange.getRequest().getRemoteAddress();
        if (address == null) {
            return "unknown";
        }
        return address.getAddress() != null ? address.getAddress().getHostAddress() : address.getHostString();
    }

    @Override
    public int getOrder() {
        return FilterOrder.REQUEST_CONTEXT;
    }
}
