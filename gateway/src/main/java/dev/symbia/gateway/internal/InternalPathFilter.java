package dev.symbia.gateway.internal;

import dev.symbia.gateway.FilterOrder;
import dev.symbia.gateway.problem.GatewayProblemException;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Service-to-service endpoints live under {@code /internal/}, and a service's actuator (metrics, info)
 * is for operators; from outside neither exists — only {@code /svc/{service}/actuator/health} passes.
 * The answer is the same 404 as for an unknown path and nothing is forwarded.
 */
class InternalPathFilter implements WebFilter, Ordered {

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getURI().getRawPath();
        if (InternalPaths.isInternal(path) || InternalPaths.isServiceActuator(path)) {
            return Mono.error(GatewayProblemException.notFound());
        }
        return chain.filter(exchange);
    }

    @Override
    public int getOrder() {
        return FilterOrder.INTERNAL_PATHS;
    }
}
