package dev.symbia.gateway.routing;

import java.util.HashMap;
import java.util.Map;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.NettyRoutingFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.RouteMetadataUtils;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.http.MediaType;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * A client asking for {@code text/event-stream} gets no response timeout: a stream may legitimately
 * take long to start (the first LLM token) and the services apply their own first-chunk and idle
 * timeouts. Other requests keep the gateway's response timeout. Once headers have arrived no
 * timeout applies to any body, so an open stream is never cut by the gateway.
 */
class StreamingRequestFilter implements GlobalFilter, Ordered {

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
        if (route != null && acceptsEventStream(exchange)) {
            Map<String, Object> metadata = new HashMap<>(route.getMetadata());
            metadata.put(RouteMetadataUtils.RESPONSE_TIMEOUT_ATTR, -1);
            Route untimed = Route.async()
                    .id(route.getId())
                    .uri(route.getUri())
                    .order(route.getOrder())
                    .asyncPredicate(route.getPredicate())
                    .replaceFilters(route.getFilters())
                    .replaceMetadata(metadata)
                    .build();
            exchange.getAttributes().put(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR, untimed);
        }
        return chain.filter(exchange);
    }

    private static boolean acceptsEventStream(ServerWebExchange exchange) {
        try {
            return exchange.getRequest().getHeaders().getAccept().stream()
                    .anyMatch(MediaType.TEXT_EVENT_STREAM::equalsTypeAndSubtype);
        } catch (IllegalArgumentException malformedAccept) {
            return false;
        }
    }

    @Override
    public int getOrder() {
        // Any time before the request is sent upstream.
        return NettyRoutingFilter.ORDER - 1;
    }
}
