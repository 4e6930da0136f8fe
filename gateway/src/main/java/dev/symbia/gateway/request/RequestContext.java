package dev.symbia.gateway.request;

import java.util.Optional;
import org.springframework.web.server.ServerWebExchange;

/** What {@link RequestContextFilter} settled about a request, for the filters and handlers after it. */
public final class RequestContext {

    static final String REQUEST_ID_ATTRIBUTE = RequestContext.class.getName() + ".requestId";
    static final String CLIENT_ADDRESS_ATTRIBUTE = RequestContext.class.getName() + ".clientAddress";

    private RequestContext() {
    }

    /** The request id echoed to the client and forwarded upstream. */
    public static Optional<String> requestId(ServerWebExchange exchange) {
        return Optional.ofNullable(exchange.getAttribute(REQUEST_ID_ATTRIBUTE));
    }

    /** The client's address: the peer, or the trusted proxy's {@code X-Forwarded-For} entry. */
    public static String clientAddress(ServerWebExchange exchange) {
        String address = exchange.getAttribute(CLIENT_ADDRESS_ATTRIBUTE);
        return address != null ? address : "unknown";
    }
}
