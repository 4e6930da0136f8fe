package dev.symbia.gateway.routing;

import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.PRESERVE_HOST_HEADER_ATTRIBUTE;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR;

import dev.symbia.core.ProblemTypes;
import dev.symbia.gateway.problem.GatewayProblemException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.WebsocketRoutingFilter;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.util.StringUtils;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;
import org.springframework.web.reactive.socket.server.WebSocketService;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.NettyPipeline;
import reactor.netty.http.client.WebsocketClientSpec;

/**
 * Proxies WebSockets service-first, in place of Spring Cloud Gateway's {@link WebsocketRoutingFilter},
 * which accepts the client's upgrade (101) before it asks the service and can only close the socket
 * (1002) when the service refuses. Here the service's handshake comes first: if it refuses, the client
 * gets the service's own HTTP answer (its 401/403 problem; a problem made here if it sent no body),
 * and only once it has switched protocols is the client's upgrade accepted and the two sockets
 * bridged, frames and close codes passing both ways. A client without {@code Origin} (a relay) reaches
 * the service without one, rather than with the one Netty would invent.
 */
final class WebSocketProxyFilter implements GlobalFilter, Ordered {

    /** A service that has not answered the handshake by then is treated as not answering. */
    static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

    private final ReactorNettyWebSocketClient client;
    private final WebSocketService webSocketService;
    private final ObjectProvider<List<HttpHeadersFilter>> headersFilters;

    // The header filters are looked up per request, as Spring Cloud Gateway does: some depend on this filter's peers.
    WebSocketProxyFilter(ReactorNettyWebSocketClient client, WebSocketService webSocketService,
            ObjectProvider<List<HttpHeadersFilter>> headersFilters) {
        this.client = client;
        this.webSocketService = webSocketService;
        this.headersFilters = headersFilters;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        URI requestUrl = exchange.getAttribute(GATEWAY_REQUEST_URL_ATTR);
        String upgrade = exchange.getRequest().getHeaders().getUpgrade();
        if (requestUrl == null || !"websocket".equalsIgnoreCase(upgrade) || ServerWebExchangeUtils.isAlreadyRouted(exchange)) {
            return chain.filter(exchange);
        }
        String scheme = requestUrl.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") && !scheme.equals("ws") && !scheme.equals("wss")) {
            return chain.filter(exchange);
        }
        ServerWebExchangeUtils.setAlreadyRouted(exchange);
        URI target = UriComponentsBuilder.fromUri(requestUrl)
                .scheme(scheme.startsWith("http") ? scheme.replace("http", "ws") : scheme)
                .build(ServerWebExchangeUtils.containsEncodedParts(requestUrl))
                .toUri();
        HttpHeaders headers = upstreamHeaders(exchange);
        List<String> protocols = protocols(exchange.getRequest().getHeaders());
        boolean hasOrigin = exchange.getRequest().getHeaders().getOrigin() != null;
        return connect(exchange, target, headers, protocols, hasOrigin);
    }

    private Mono<Void> connect(ServerWebExchange exchange, URI target, HttpHeaders headers, List<String> protocols,
            boolean hasOrigin) {
        UpstreamHandshake handshake = new UpstreamHandshake(hasOrigin);
        ReactorNettyWebSocketClient perRequest = new ReactorNettyWebSocketClient(
                client.getHttpClient().doOnChannelInit((observer, channel, address) -> {
                    if (channel.pipeline().get(NettyPipeline.HttpCodec) != null) {
                        channel.pipeline().addAfter(NettyPipeline.HttpCodec, UpstreamHandshake.NAME, handshake);
                    }
                }),
                () -> WebsocketClientSpec.builder()
                        .maxFramePayloadLength(client.getWebsocketClientSpec().maxFramePayloadLength())
                        .handlePing(client.getWebsocketClientSpec().handlePing())
                        .compress(client.getWebsocketClientSpec().compress()));

        Sinks.One<WebSocketSession> opened = Sinks.one();
        Sinks.Empty<Void> bridged = Sinks.empty();
        // The service's session lives as long as this handler's Mono: until the bridge ends.
        perRequest.execute(target, headers, new WebSocketHandler() {
                    @Override
                    public List<String> getSubProtocols() {
                        return protocols;
                    }

                    @Override
                    public Mono<Void> handle(WebSocketSession service) {
                        opened.tryEmitValue(service);
                        return bridged.asMono();
                    }
                })
                .subscribe(null, opened::tryEmitError, () -> opened.tryEmitEmpty());

        return opened.asMono()
                .timeout(HANDSHAKE_TIMEOUT)
                .onErrorResume(error -> {
                    UpstreamHandshake.Refusal refusal = handshake.refusal();
                    return refusal == null ? Mono.error(error) : Mono.error(new Refused(refusal));
                })
                .switchIfEmpty(Mono.error(() -> GatewayProblemException.of(HttpStatus.BAD_GATEWAY, ProblemTypes.BAD_GATEWAY,
                        "Bad gateway", "The service closed the connection without answering.")))
                // Completes once the client's upgrade is done; the bridge then runs until either side closes.
                .flatMap(service -> webSocketService.handleRequest(exchange, new Bridge(service, bridged))
                        .doOnError(error -> bridged.tryEmitEmpty()))
                .doOnCancel(bridged::tryEmitEmpty)
                .onErrorResume(Refused.class, refused -> relay(exchange, refused.refusal));
    }

    /** The service's refusal, as it answered it; a problem made here when it sent no body of its own. */
    private static Mono<Void> relay(ServerWebExchange exchange, UpstreamHandshake.Refusal refusal) {
        HttpStatus status = HttpStatus.resolve(refusal.status());
        if (status == null || refusal.status() < 400) {
            return Mono.error(GatewayProblemException.of(HttpStatus.BAD_GATEWAY, ProblemTypes.BAD_GATEWAY, "Bad gateway",
                    "The service answered the WebSocket handshake unexpectedly (" + refusal.status() + ")."));
        }
        if (refusal.body().length == 0 || refusal.contentType() == null) {
            return Mono.error(GatewayProblemException.of(status, ProblemTypes.forStatus(status.value()),
                    status.getReasonPhrase(), "The service refused the WebSocket handshake (" + status.value() + ")."));
        }
        ServerHttpResponse response = exchange.getResponse();
        response.setStatusCode(status);
        response.getHeaders().setContentType(MediaType.parseMediaType(refusal.contentType()));
        response.getHeaders().setContentLength(refusal.body().length);
        return response.writeWith(Mono.just(response.bufferFactory().wrap(refusal.body())));
    }

    /** The headers the service gets: the gateway's usual filtering, without Host and the client's handshake keys. */
    private HttpHeaders upstreamHeaders(ServerWebExchange exchange) {
        HttpHeaders filtered = HttpHeadersFilter.filterRequest(headersFilters.getIfAvailable(List::of), exchange);
        HttpHeaders headers = new HttpHeaders();
        for (String name : filtered.headerNames()) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.startsWith("sec-websocket") || lower.equals("upgrade") || lower.equals("connection")) {
                continue;
            }
            if (lower.equals("host") && !Boolean.TRUE.equals(exchange.getAttribute(PRESERVE_HOST_HEADER_ATTRIBUTE))) {
                continue;
            }
            headers.addAll(name, filtered.get(name));
        }
        return headers;
    }

    private static List<String> protocols(HttpHeaders headers) {
        List<String> protocols = new ArrayList<>();
        for (String value : headers.getOrEmpty(WebsocketRoutingFilter.SEC_WEBSOCKET_PROTOCOL)) {
            protocols.addAll(List.of(StringUtils.tokenizeToStringArray(value, ",")));
        }
        return protocols;
    }

    @Override
    public int getOrder() {
        // Just ahead of Spring Cloud Gateway's own WebSocket routing, which then finds the exchange routed.
        return Ordered.LOWEST_PRECEDENCE - 2;
    }

    /** The client's socket, accepted once the service's is open, joined to it frame by frame. */
    private static final class Bridge implements WebSocketHandler {

        private final WebSocketSession service;
        private final Sinks.Empty<Void> done;

        Bridge(WebSocketSession service, Sinks.Empty<Void> done) {
            this.service = service;
            this.done = done;
        }

        @Override
        public List<String> getSubProtocols() {
            String chosen = service.getHandshakeInfo().getSubProtocol();
            return chosen == null ? List.of() : List.of(chosen);
        }

        @Override
        public Mono<Void> handle(WebSocketSession client) {
            // A direction that fails (its peer is gone) must not end the bridge before the close code has passed.
            Mono<Void> toService = service.send(client.receive().doOnNext(WebSocketMessage::retain)).onErrorComplete();
            Mono<Void> toClient = client.send(service.receive().doOnNext(WebSocketMessage::retain)).onErrorComplete();
            Mono<Void> serviceClosed = service.closeStatus().defaultIfEmpty(CloseStatus.GOING_AWAY)
                    .filter(status -> client.isOpen()).flatMap(status -> client.close(adapt(status)));
            Mono<Void> clientClosed = client.closeStatus().defaultIfEmpty(CloseStatus.GOING_AWAY)
                    .filter(status -> service.isOpen()).flatMap(status -> service.close(adapt(status)));
            // Ending the bridge ends the service's handler, which closes its connection.
            return Mono.when(toService.then(clientClosed), toClient.then(serviceClosed)).doFinally(signal -> done.tryEmitEmpty());
        }

        /** Codes that may not be sent in a close frame (1005, 1006, 1015) become "going away". */
        private static CloseStatus adapt(CloseStatus status) {
            int code = status.getCode();
            return code == 1005 || code == 1006 || code == 1015 ? CloseStatus.GOING_AWAY : status;
        }
    }

    /** Carries a refusal through the reactive chain to where the client's answer is written. */
    private static final class Refused extends RuntimeException {

        private final transient UpstreamHandshake.Refusal refusal;

        Refused(UpstreamHandshake.Refusal refusal) {
            super(null, null, false, false);
            this.refusal = refusal;
        }
    }
}
