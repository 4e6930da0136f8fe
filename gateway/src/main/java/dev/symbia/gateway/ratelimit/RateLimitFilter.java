package dev.symbia.gateway.ratelimit;

import dev.symbia.core.ProblemTypes;
import dev.symbia.gateway.FilterOrder;
import dev.symbia.gateway.problem.GatewayProblemException;
import io.github.bucket4j.ConsumptionProbe;
import org.springframework.cloud.gateway.filter.ratelimit.KeyResolver;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Refuses a request with 429 and {@code Retry-After} once its key's bucket is empty. Health paths are
 * exempt so probes and monitors keep working while a client is being throttled. A request whose key
 * resolves to nothing is not limited.
 */
class RateLimitFilter implements WebFilter, Ordered {

    private final RateLimitBuckets buckets;
    private final KeyResolver keyResolver;

    RateLimitFilter(RateLimitBuckets buckets, KeyResolver keyResolver) {
        this.buckets = buckets;
        this.keyResolver = keyResolver;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (isHealthPath(exchange.getRequest().getPath().value())) {
            return chain.filter(exchange);
        }
        return keyResolver.resolve(exchange)
                .flatMap(buckets::tryConsume)
                .flatMap(probe -> probe.isConsumed() ? Mono.<Void>empty() : Mono.<Void>error(tooManyRequests(probe)))
                .then(Mono.defer(() -> chain.filter(exchange)));
    }

    static boolean isHealthPath(String path) {
        return path.equals("/health") || path.startsWith("/health/") || path.equals("/api/health")
                || path.equals("/actuator/health") || path.startsWith("/actuator/health/");
    }

    /** {@code Retry-After} in whole seconds, rounded up and never 0, so a client that obeys it succeeds. */
    static long retryAfterSeconds(ConsumptionProbe probe) {
        long nanos = probe.getNanosToWaitForRefill();
        return Math.max(1, nanos / 1_000_000_000L + (nanos % 1_000_000_000L > 0 ? 1 : 0));
    }

    private static GatewayProblemException tooManyRequests(ConsumptionProbe probe) {
        long seconds = retryAfterSeconds(probe);
        return GatewayProblemException.of(HttpStatus.TOO_MANY_REQUESTS, ProblemTypes.RATE_LIMITED, "Too many requests",
                        "This client has made too many requests; retry after " + seconds + " second(s).")
                .withHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
    }

    @Override
    public int getOrder() {
        return FilterOrder.RATE_LIMIT;
    }
}
