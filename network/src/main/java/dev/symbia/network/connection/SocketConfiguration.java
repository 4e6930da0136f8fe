package dev.symbia.network.connection;

import dev.symbia.relay.RelayProtocol;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;

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
        registry.addHandler(handler, RelayProtocol.SOCKET_PATH).addInterceptors(handshake);
    }

    /**
     * No WebSocket extension is negotiated on the relay socket, so not the {@code permessage-deflate} relays' OkHttp
     * asks for: frames are a few hundred bytes between the platform's own services, and deflating each one was the
     * largest single cost of a routed event in the network's profile (issue 26, bench/README.md) — the receiving
     * service then paid to inflate it. Tomcat negotiates extensions from the handshake's request header itself
     * (a handshake handler's choice is not consulted), so the header is hidden from it.
     */
    @Bean
    FilterRegistrationBean<DeclineSocketExtensions> declineSocketExtensions() {
        FilterRegistrationBean<DeclineSocketExtensions> registration = new FilterRegistrationBean<>(new DeclineSocketExtensions());
        registration.addUrlPatterns(RelayProtocol.SOCKET_PATH);
        return registration;
    }

    static final class DeclineSocketExtensions extends OncePerRequestFilter {

        static final String EXTENSIONS = "Sec-WebSocket-Extensions";

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            chain.doFilter(new HttpServletRequestWrapper(request) {
                @Override
                public String getHeader(String name) {
                    return EXTENSIONS.equalsIgnoreCase(name) ? null : super.getHeader(name);
                }

                @Override
                public Enumeration<String> getHeaders(String name) {
                    return EXTENSIONS.equalsIgnoreCase(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
                }

                @Override
                public Enumeration<String> getHeaderNames() {
                    return Collections.enumeration(Collections.list(super.getHeaderNames()).stream()
                            .filter(header -> !EXTENSIONS.equalsIgnoreCase(header)).toList());
                }
            }, response);
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
