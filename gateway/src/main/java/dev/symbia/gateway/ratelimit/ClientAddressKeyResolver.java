package dev.symbia.gateway.ratelimit;

import dev.symbia.gateway.request.RequestContext;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HexFormat;
import java.util.regex.Pattern;
import org.springframework.cloud.gateway.filter.ratelimit.KeyResolver;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Keys by client address as settled by the request context (proxy headers only when trusted). An
 * IPv6 client is keyed by its /64: a single subscriber usually holds a whole /64 and could otherwise
 * rotate through addresses for fresh buckets.
 */
class ClientAddressKeyResolver implements KeyResolver {

    // Only literals reach InetAddress, so no name is ever looked up in DNS.
    private static final Pattern IP_LITERAL = Pattern.compile("[0-9A-Fa-f:.]+");

    @Override
    public Mono<String> resolve(ServerWebExchange exchange) {
        return Mono.just(key(RequestContext.clientAddress(exchange)));
    }

    static String key(String address) {
        String literal = address;
        if (literal.startsWith("[") && literal.indexOf(']') > 0) {
            literal = literal.substring(1, literal.indexOf(']'));
        }
        int zone = literal.indexOf('%');
        if (zone >= 0) {
            literal = literal.substring(0, zone);
        }
        if (literal.indexOf(':') >= 0 && IP_LITERAL.matcher(literal).matches()) {
            try {
                byte[] bytes = InetAddress.getByName(literal).getAddress();
                if (bytes.length == 16) {
                    return "ip6:" + HexFormat.of().formatHex(bytes, 0, 8) + "/64";
                }
                return "ip:" + InetAddress.getByAddress(bytes).getHostAddress();
            } catch (UnknownHostException notAnAddress) {
                // Fall through: key by the text as given.
            }
        }
        return "ip:" + address;
    }
}
