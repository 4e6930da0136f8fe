package dev.symbia.network.connection;

import dev.symbia.relay.RelayProtocol;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.web.socket.WebSocketExtension;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;
import org.springframework.web.socket.server.support.DefaultHandshakeHandler;

/** The relay socket at {@link RelayProtocol#SOCKET_PATH}; the handshake must carry a valid caller. */
@Configuration(proxyBeanMethods = false)
@EnableWebSocket
class SocketConfiguration implements WebSocketConfigurer {

    /** Largest frame accepted: an envelope with generous data. */
    static final int MAX_FRAME_BYTES = 1024 * 1024;

    private final RelaySocketHandler handler;
    private final CallerHandshakeInterceptor handshake;

    SocketConfiguration(RelaySocketHandler handler, CallerHandshakeInterceptor handshake) {
        this.handler = handler;
        this.handshake = handshake;
    }

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
        // Relays are not browsers and send no Origin; browsers from other origins are refused by default.
        registry.addHandler(handler, RelayProtocol.SOCKET_PATH).addInterceptors(handshake)
                .setHandshakeHandler(new UncompressedHandshake());
    }

    /**
     * Negotiates no extension, so no {@code permessage-deflate} (which relays' OkHttp asks for): frames are a few
     * hundred bytes on the platform's own network, and deflating each one was the largest single cost of a routed
     * event in the network's profile (issue 26; bench/README.md) — and the receiving service paid to inflate it.
     */
    static final class UncompressedHandshake extends DefaultHandshakeHandler {

        @Override
        protected List<WebSocketExtension> filterRequestedExtensions(ServerHttpRequest request,
                List<WebSocketExtension> requested, List<WebSocketExtension> supported) {
            return List.of();
        }
    }

    @Bean
    ServletServerContainerFactoryBean webSocketContainer() {
        ServletServerContainerFactoryBean container = new ServletServerContainerFactoryBean();
        container.setMaxTextMessageBufferSize(MAX_FRAME_BYTES);
        // A relay pings every 15 s and heartbeats every 30 s: two minutes of silence means it is gone.
        container.setMaxSessionIdleTimeout(120_000L);
        return container;
    }
}
