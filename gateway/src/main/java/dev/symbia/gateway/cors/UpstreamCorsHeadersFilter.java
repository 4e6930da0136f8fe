package dev.symbia.gateway.cors;

import java.util.Locale;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;

/**
 * Drops the {@code Access-Control-*} headers of a service's response: the gateway already set its
 * own, and a browser refuses a response that carries {@code Access-Control-Allow-Origin} twice.
 */
class UpstreamCorsHeadersFilter implements HttpHeadersFilter {

    private static final String PREFIX = "access-control-";

    @Override
    public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
        HttpHeaders filtered = new HttpHeaders();
        input.forEach((name, values) -> {
            if (!name.toLowerCase(Locale.ROOT).startsWith(PREFIX)) {
                filtered.addAll(name, values);
            }
        });
        return filtered;
    }

    @Override
    public boolean supports(Type type) {
        return type == Type.RESPONSE;
    }
}
