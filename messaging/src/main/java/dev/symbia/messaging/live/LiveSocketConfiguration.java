package dev.symbia.messaging.live;

import dev.symbia.core.CorsOrigins;
import dev.symbia.core.RuntimeMode;
import dev.symbia.web.config.CorsProperties;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistration;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;

/**
 * The live socket at {@value #PATH} (through the gateway {@code /api/messaging/ws}). Browser origins are
 * the platform's CORS origins; without any configured only same-origin pages may connect. Clients that
 * send no Origin (servers, CLIs) are not affected.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSocket
class LiveSocketConfiguration implements WebSocketConfigurer {

    static final String PATH = "/api/ws";

    private final LiveSocketHandler handler;
    private final LiveHandshake handshake;
    private final CorsProperties cors;
    private final RuntimeMode mode;

    LiveSocketConfiguration(LiveSocketHandler handler, LiveHandshake handshake, CorsProperties cors, RuntimeMode mode) {
        this.handler = handler;
        this.handshake = handshake;
        this.cors = cors;
        this.mode = mode;
    }

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
        WebSocketHandlerRegistration registration = registry.addHandler(handler, PATH).addInterceptors(handshake);
        List<String> origins = CorsOrigins.patterns(cors.allowedOrigins(), mode);
        if (!origins.isEmpty()) {
            registration.setAllowedOriginPatterns(origins.toArray(String[]::new));
        }
    }

    @Bean
    ServletServerContainerFactoryBean liveWebSocketContainer(LiveProperties properties) {
        ServletServerContainerFactoryBean container = new ServletServerContainerFactoryBean();
        container.setMaxTextMessageBufferSize((int) properties.maxFrameSize().toBytes());
        // We ping every heartbeat; a socket with nothing at all for four of them is gone.
        container.setMaxSessionIdleTimeout(properties.heartbeat().multipliedBy(4).toMillis());
        return container;
    }
}
