package dev.symbia.gateway.problem;

import dev.symbia.core.ProblemTypes;
import dev.symbia.gateway.request.RequestContext;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.timeout.ReadTimeoutException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webflux.error.ErrorWebExceptionHandler;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.ErrorResponse;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.PrematureCloseException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every error the gateway answers itself is {@code application/problem+json} (RFC 9457) with the
 * platform's fields, like the services' errors: unknown and hidden paths (404), limits (413, 429),
 * refused origins (403), an unreachable service (503), a service that does not answer in time (504)
 * or drops the connection (502). Details are written here, never taken from an exception message,
 * and no stack trace reaches the client. Errors raised after the response has started (mid-stream)
 * cannot be answered; the connection is closed instead.
 */
class ProblemWebExceptionHandler implements ErrorWebExceptionHandler, Ordered {

    private static final Logger log = LoggerFactory.getLogger(ProblemWebExceptionHandler.class);

    private final JsonMapper json;

    ProblemWebExceptionHandler(JsonMapper json) {
        this.json = json;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
        ServerHttpResponse response = exchange.getResponse();
        if (response.isCommitted()) {
            log.debug("Error after the response started on {} {}: {}", exchange.getRequest().getMethod(),
                    exchange.getRequest().getPath(), error.toString(), error);
            return Mono.error(error);
        }
        GatewayProblemException problem = classify(exchange, error);
        String requestId = RequestContext.requestId(exchange).orElse(null);
        Problem body = new Problem(ProblemTypes.uri(problem.code()), problem.title(), problem.status().value(),
                problem.detail(), exchange.getRequest().getPath().value(), problem.code(), requestId);
        byte[] bytes = json.writeValueAsBytes(body);

        dropUpstreamHeaders(exchange);
        response.setStatusCode(problem.status());
        HttpHeaders headers = response.getHeaders();
        problem.headers().forEach(headers::put);
        headers.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        headers.setContentLength(bytes.length);
        headers.setCacheControl(CacheControl.noStore());
        return response.writeWith(Mono.just(response.bufferFactory().wrap(bytes)));
    }

    private GatewayProblemException classify(ServerWebExchange exchange, Throwable error) {
        if (error instanceof GatewayProblemException problem) {
            return problem;
        }
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException || cause instanceof ConnectTimeoutException
                    || cause instanceof UnknownHostException || cause instanceof NoRouteToHostException) {
                log.warn("{} unreachable for {} {}: {}", RoutedService.of(exchange), exchange.getRequest().getMethod(),
                        exchange.getRequest().getPath(), cause.toString());
                return GatewayProblemException.of(HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.UNAVAILABLE,
                        "Service unavailable", "The " + RoutedService.of(exchange) + " service is not reachable right now.");
            }
            if (cause instanceof TimeoutException || cause instanceof ReadTimeoutException) {
                return timeout(exchange);
            }
            if (cause instanceof PrematureCloseException) {
                log.warn("{} closed the connection early for {} {}", RoutedService.of(exchange),
                        exchange.getRequest().getMethod(), exchange.getRequest().getPath());
                return GatewayProblemException.of(HttpStatus.BAD_GATEWAY, ProblemTypes.BAD_GATEWAY, "Bad gateway",
                        "The " + RoutedService.of(exchange) + " service closed the connection without answering.");
            }
        }
        if (error instanceof ErrorResponse response) {
            return fromStatus(exchange, response.getStatusCode());
        }
        log.error("Unhandled error on {} {}", exchange.getRequest().getMethod(), exchange.getRequest().getPath(), error);
        return GatewayProblemException.of(HttpStatus.INTERNAL_SERVER_ERROR, ProblemTypes.INTERNAL, "Internal error",
                "An unexpected error occurred. Quote the requestId when reporting it.");
    }

    private GatewayProblemException fromStatus(ServerWebExchange exchange, HttpStatusCode statusCode) {
        HttpStatus status = HttpStatus.resolve(statusCode.value());
        if (status == null) {
            status = statusCode.is5xxServerError() ? HttpStatus.INTERNAL_SERVER_ERROR : HttpStatus.BAD_REQUEST;
        }
        return switch (status) {
            case NOT_FOUND -> GatewayProblemException.notFound();
            case GATEWAY_TIMEOUT -> timeout(exchange);
            case METHOD_NOT_ALLOWED -> GatewayProblemException.of(status, ProblemTypes.METHOD_NOT_ALLOWED,
                    "Method not allowed", "This method is not allowed on this path.");
            case CONTENT_TOO_LARGE -> GatewayProblemException.of(status, ProblemTypes.PAYLOAD_TOO_LARGE,
                    "Request body too large", "The request body exceeds the gateway's limit.");
            default -> GatewayProblemException.of(status, ProblemTypes.forStatus(status.value()),
                    status.getReasonPhrase(), "The gateway could not process this request (" + status.value() + ").");
        };
    }

    private GatewayProblemException timeout(ServerWebExchange exchange) {
        log.warn("{} did not answer in time for {} {}", RoutedService.of(exchange), exchange.getRequest().getMethod(),
                exchange.getRequest().getPath());
        return GatewayProblemException.of(HttpStatus.GATEWAY_TIMEOUT, ProblemTypes.TIMEOUT, "Gateway timeout",
                "The " + RoutedService.of(exchange) + " service did not answer in time.");
    }

    /** Headers copied from a service's response must not leak into the gateway's own answer. */
    private static void dropUpstreamHeaders(ServerWebExchange exchange) {
        Set<String> upstream = exchange.getAttribute(ServerWebExchangeUtils.CLIENT_RESPONSE_HEADER_NAMES);
        if (upstream != null) {
            upstream.forEach(exchange.getResponse().getHeaders()::remove);
        }
        exchange.getResponse().getHeaders().remove(HttpHeaders.TRANSFER_ENCODING);
    }

    @Override
    public int getOrder() {
        // Ahead of Spring's own WebFlux exception handlers.
        return -2;
    }
}
