package dev.symbia.runtime.component;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import okhttp3.Dns;
import okhttp3.OkHttpClient;

/**
 * The http-request component's client. No SSRF into the platform: names resolving to loopback, private,
 * link-local, CGNAT, unique-local or multicast addresses are refused in DNS (so every redirect is checked too), and
 * a network interceptor refuses IP-literal hosts, which OkHttp connects to without asking DNS; no request byte is
 * sent to a refused address. {@code allowPrivate} lifts this for development.
 */
final class HttpGuard {

    private HttpGuard() {
    }

    static OkHttpClient client(boolean allowPrivate, Duration timeout) {
        OkHttpClient.Builder builder = new OkHttpClient.Builder().callTimeout(timeout).followRedirects(true);
        if (!allowPrivate) {
            builder.dns(host -> {
                List<InetAddress> addresses = Dns.SYSTEM.lookup(host);
                for (InetAddress address : addresses) {
                    if (isPrivate(address)) {
                        throw new UnknownHostException("refused: " + host + " resolves to a private or loopback address");
                    }
                }
                return addresses;
            });
            builder.addNetworkInterceptor(chain -> {
                InetSocketAddress target = chain.connection().route().socketAddress();
                if (target.getAddress() == null || isPrivate(target.getAddress())) {
                    throw new IOException("refused: " + chain.request().url().host() + " is a private or loopback address");
                }
                return chain.proceed(chain.request());
            });
        }
        return builder.build();
    }

    /** An IP-literal host that is private: refused before any connection is attempted. */
    static boolean privateLiteral(boolean allowPrivate, String host) {
        if (allowPrivate || !(host.contains(":") || host.matches("[0-9.]+"))) {
            return false;
        }
        try {
            return isPrivate(InetAddress.getByName(host)); // a literal: no DNS lookup happens
        } catch (UnknownHostException e) {
            return true;
        }
    }

    static boolean isPrivate(InetAddress address) {
        if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        byte[] raw = address.getAddress();
        if (address instanceof Inet6Address) {
            return (raw[0] & 0xfe) == 0xfc; // fc00::/7 unique local
        }
        int first = raw[0] & 0xff;
        int second = raw[1] & 0xff;
        return first == 0 || (first == 100 && second >= 64 && second < 128) // 0/8, 100.64/10 carrier NAT
                || (first == 192 && second == 0 && (raw[2] & 0xff) == 0) || first >= 240;
    }
}
