package dev.symbia.gateway.ratelimit;

import dev.symbia.core.ProblemTypes;
import dev.symbia.gateway.FilterOrder;
import dev.symbia.gateway.problem.GatewayProblemException;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Refuses a request with 429 and {@code Retry-After} once its key's bucket is empty. Health paths are
 * exempt so probes and monitors keep working while a client is being throttled.
 */
class RateLimitFilter implements WebFilter, Ordered {

    // A request without a key is not limited.
    private static final RateLimitDecision UNLIMITED = RateLimitDecision.allow(Long.MAX_VALUE);

    private final RateLimiter limiter;
    private final RateLimitKeyResolver keyResolver;

    RateLimitFilter(RateLimiter limiter, RateLimitKeyResolver keyResolver) {
        this.limiter = limiter;
        this.keyResolver = keyResolver;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (isHealthPath(exchange.getRequest().getPath().value())) {
            return chain.filter(exchange);
        }
        return keyResolver.resolve(exchange)
                .flatMap(limiter::tryAcquire)
                .defaultIfEmpty(UNLIMITED)
                .flatMap(decision -> decision.allowed() ? chain.filter(exchange) : Mono.error(tooManyRequests(decision)));
    }

    static boolean isHealthPath(String path) {
        return path.equals("/health") || path.startsWith("/health/") || path.equals("/api/health")
                || path.equals("/actuator/health") || path.startsWith("/actuator/health/");
    }

    private static GatewayProblemException tooManyRequests(RateLimitDecision decision) {
        long seconds = decision.retryAfterSeconds();
        return GatewayProblemException.of(HttpStatus.TOO_MANY_REQUESTS, ProblemTypes.RATE_LIMITED, "Too many requests",
                        "This client has made too many requests; retry after " + seconds + " second(s).")
                .withHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
    }

    @Override
    public int getOrder() {
        return FilterOrder.RATE_LIMIT;
    }
}
