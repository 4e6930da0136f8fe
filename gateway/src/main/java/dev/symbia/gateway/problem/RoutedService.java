package dev.symbia.gateway.problem;

import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.web.server.ServerWebExchange;

/**
 * Which service a request was routed to, recorded in each route's metadata so errors can name it. It lives
 * with the problems that read it, so routing depends on problem and never the other way (no package cycle).
 */
public final class RoutedService {

    public static final String METADATA_KEY = "symbia.service";

    private RoutedService() {
    }

    /** The service id of the matched route, or {@code "upstream"} before routing. */
    public static String of(ServerWebExchange exchange) {
        Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
        Object service = route == null ? null : route.getMetadata().get(METADATA_KEY);
        return service != null ? service.toString() : "upstream";
    }
}
