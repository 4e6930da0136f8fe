package dev.symbia.gateway.ratelimit;

import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Whose bucket a request draws from. The default keys by client address; a resolver that keys by
 * the authenticated principal (falling back to the address) replaces it by being declared as a bean.
 * An empty result leaves the request unlimited.
 */
public interface RateLimitKeyResolver {

    Mono<String> resolve(ServerWebExchange exchange);
}
