package dev.symbia.gateway.routing;

import dev.symbia.core.SymbiaService;
import dev.symbia.gateway.problem.RoutedService;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;
import org.springframework.web.reactive.socket.server.WebSocketService;

/**
 * The route table of SPEC §2, built from the service map so that only the nine services route:
 * {@code /api/{service}/**} → the service's {@code /api/**}, {@code /svc/{service}/**} → its root,
 * {@code /v1/**} → integrations (OpenAI-compatible surface), {@code /.well-known/jwks.json} → identity.
 * Anything else falls through to a 404 problem.
 */
@Configuration(proxyBeanMethods = false)
class ServiceRoutes {

    @Bean
    ServiceDirectory serviceDirectory(Environment environment) {
        return ServiceDirectory.from(environment);
    }

    @Bean
    RouteLocator symbiaRoutes(RouteLocatorBuilder builder, ServiceDirectory directory) {
        RouteLocatorBuilder.Builder routes = builder.routes();
        for (SymbiaService service : SymbiaService.values()) {
            String id = service.id();
            routes.route(id + "-api", r -> r.path("/api/" + id + "/**")
                    .filters(f -> f.rewritePath("^/api/" + id + "/?(?<rest>.*)$", "/api/${rest}"))
                    .metadata(RoutedService.METADATA_KEY, id)
                    .uri(directory.url(service)));
            routes.route(id + "-root", r -> r.path("/svc/" + id + "/**")
                    .filters(f -> f.rewritePath("^/svc/" + id + "/?(?<rest>.*)$", "/${rest}"))
                    .metadata(RoutedService.METADATA_KEY, id)
                    .uri(directory.url(service)));
        }
        routes.route("integrations-openai", r -> r.path("/v1/**")
                .metadata(RoutedService.METADATA_KEY, SymbiaService.INTEGRATIONS.id())
                .uri(directory.url(SymbiaService.INTEGRATIONS)));
        routes.route("identity-jwks", r -> r.path("/.well-known/jwks.json")
                .metadata(RoutedService.METADATA_KEY, SymbiaService.IDENTITY.id())
                .uri(directory.url(SymbiaService.IDENTITY)));
        return routes.build();
    }

    @Bean
    WebSocketProxyFilter webSocketProxyFilter(ReactorNettyWebSocketClient client, WebSocketService webSocketService,
            ObjectProvider<List<HttpHeadersFilter>> headersFilters) {
        return new WebSocketProxyFilter(client, webSocketService, headersFilters);
    }

    @Bean
    StreamingRequestFilter streamingRequestFilter() {
        return new StreamingRequestFilter();
    }
}
