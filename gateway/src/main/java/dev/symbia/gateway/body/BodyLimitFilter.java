package dev.symbia.gateway.body;

import dev.symbia.core.ProblemTypes;
import dev.symbia.gateway.FilterOrder;
import dev.symbia.gateway.problem.GatewayProblemException;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Refuses request bodies over the limit with 413: at once when {@code Content-Length} says so, and
 * while streaming for a chunked body, which aborts the upstream request as soon as the limit is
 * crossed instead of forwarding the excess.
 */
class BodyLimitFilter implements WebFilter, Ordered {

    private final long maxBytes;

    BodyLimitFilter(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        long declared = exchange.getRequest().getHeaders().getContentLength();
        if (declared > maxBytes) {
            return Mono.error(tooLarge());
        }
        if (declared >= 0) {
            // The server reads no more than Content-Length bytes, so a declared body cannot grow.
            return chain.filter(exchange);
        }
        return chain.filter(exchange.mutate().request(new CountingRequest(exchange.getRequest())).build());
    }

    private GatewayProblemException tooLarge() {
        return GatewayProblemException.of(HttpStatus.CONTENT_TOO_LARGE, ProblemTypes.PAYLOAD_TOO_LARGE, "Request body too large",
                "The request body exceeds the limit of " + maxBytes + " bytes.");
    }

    @Override
    public int getOrder() {
        return FilterOrder.BODY_LIMIT;
    }

    private final class CountingRequest extends ServerHttpRequestDecorator {

        CountingRequest(ServerHttpRequest delegate) {
            super(delegate);
        }

        @Override
        public Flux<DataBuffer> getBody() {
            return Flux.defer(() -> {
                AtomicLong received = new AtomicLong();
                return super.getBody().map(buffer -> {
                    if (received.addAndGet(buffer.readableByteCount()) > maxBytes) {
                        DataBufferUtils.release(buffer);
                        throw tooLarge();
                    }
                    return buffer;
                });
            });
        }
    }
}
