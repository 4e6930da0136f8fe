package dev.symbia.gateway.cors;

import dev.symbia.core.ProblemTypes;
import dev.symbia.gateway.FilterOrder;
import dev.symbia.gateway.problem.GatewayProblemException;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.CorsProcessor;
import org.springframework.web.cors.reactive.CorsUtils;
import org.springframework.web.cors.reactive.DefaultCorsProcessor;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * CORS is decided here, once, for every path: preflights are answered without reaching a service,
 * allowed requests get the {@code Access-Control-*} headers, and a disallowed origin gets a 403
 * problem. {@link UpstreamCorsHeadersFilter} removes whatever a service adds, so a browser never sees
 * the headers twice.
 */
class GatewayCorsFilter implements WebFilter, Ordered {

    private final CorsConfiguration configuration;
    private final CorsProcessor processor = new DefaultCorsProcessor();

    GatewayCorsFilter(CorsConfiguration configuration) {
        this.configuration = configuration;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!processor.process(configuration, exchange)) {
            return Mono.error(GatewayProblemException.of(HttpStatus.FORBIDDEN, ProblemTypes.FORBIDDEN,
                    "Cross-origin request refused", "This origin, method or header is not allowed to call the platform."));
        }
        if (CorsUtils.isPreFlightRequest(exchange.getRequest())) {
            return exchange.getResponse().setComplete();
        }
        return chain.filter(exchange);
    }

    @Override
    public int getOrder() {
        return FilterOrder.CORS;
    }
}
