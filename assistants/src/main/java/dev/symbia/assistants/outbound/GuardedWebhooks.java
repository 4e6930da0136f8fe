package dev.symbia.assistants.outbound;

import dev.symbia.assistants.engine.ActionFailure;
import dev.symbia.assistants.engine.Webhooks;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import okhttp3.Dns;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.springframework.stereotype.Component;

/**
 * {@code webhook.call} with an SSRF guard: http(s) only, no credentials in the URL, no redirects, and every address
 * the host resolves to must be public — loopback, private, link-local (cloud metadata), CGNAT, unique-local,
 * multicast and unspecified addresses are refused. The check runs inside OkHttp's DNS step, so the connection goes
 * to exactly the addresses that were checked (no DNS rebinding between check and connect). Responses are capped.
 */
@Component
class GuardedWebhooks implements Webhooks {

    private static final int MAX_RESPONSE = 256 * 1024;
    private static final Duration MAX_TIMEOUT = Duration.ofSeconds(30);
    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");
    private static final Set<String> FORBIDDEN_HEADERS = Set.of("host", "authorization", "cookie", "proxy-authorization");
    private static final MediaType JSON = MediaType.get("application/json");

    private final OkHttpClient http;

    GuardedWebhooks() {
        this(host -> {
            try {
                return Arrays.asList(InetAddress.getAllByName(host));
            } catch (UnknownHostException e) {
                throw new ActionFailure("The webhook host does not resolve");
            }
        }, false);
    }

    /** For tests: a resolver, and whether private addresses are allowed (never in the service). */
    GuardedWebhooks(Function<String, List<InetAddress>> resolver, boolean allowPrivate) {
        Dns guarded = host -> {
            List<InetAddress> addresses = resolver.apply(host);
            if (addresses.isEmpty()) {
                throw new UnknownHostException(host);
            }
            for (InetAddress address : addresses) {
                if (!allowPrivate && !isPublic(address)) {
                    throw new RefusedAddress();
                }
            }
            return addresses;
        };
        // A plain client: the service token interceptor must never reach a third party.
        this.http = new OkHttpClient.Builder().dns(guarded).followRedirects(false).followSslRedirects(false)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** Thrown from the DNS step; an IOException so OkHttp surfaces it, recognised below. */
    private static final class RefusedAddress extends UnknownHostException {
        RefusedAddress() {
            super("refused");
        }
    }

    @Override
    public Map<String, Object> call(String method, String url, Map<String, String> headers, String body, Duration timeout) {
        String verb = method == null ? "POST" : method.toUpperCase(Locale.ROOT);
        if (!METHODS.contains(verb)) {
            throw new ActionFailure("webhook method must be GET, POST, PUT, PATCH or DELETE");
        }
        HttpUrl target = HttpUrl.parse(url == null ? "" : url);
        if (target == null || !(target.scheme().equals("http") || target.scheme().equals("https"))) {
            throw new ActionFailure("webhook url must be an http(s) URL");
        }
        if (!target.username().isEmpty() || !target.password().isEmpty()) {
            throw new ActionFailure("webhook url must not carry credentials");
        }
        Request.Builder request = new Request.Builder().url(target);
        headers.forEach((name, value) -> {
            if (!FORBIDDEN_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                request.header(name, value);
            }
        });
        RequestBody payload = body == null || verb.equals("GET") ? null : RequestBody.create(body, JSON);
        request.method(verb, payload == null && !verb.equals("GET") && !verb.equals("DELETE")
                ? RequestBody.create(new byte[0]) : payload);
        Duration effective = timeout == null || timeout.compareTo(MAX_TIMEOUT) > 0 ? MAX_TIMEOUT : timeout;
        OkHttpClient client = http.newBuilder().callTimeout(effective).readTimeout(effective).build();
        try (Response response = client.newCall(request.build()).execute()) {
            okio.BufferedSource source = response.body().source();
            source.request(MAX_RESPONSE); // at most this much is kept; a longer body is truncated
            byte[] bytes = source.getBuffer().readByteArray(Math.min(source.getBuffer().size(), MAX_RESPONSE));
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("status", response.code());
            Map<String, String> responseHeaders = new LinkedHashMap<>();
            response.headers().forEach(h -> responseHeaders.put(h.getFirst().toLowerCase(Locale.ROOT), h.getSecond()));
            out.put("headers", responseHeaders);
            out.put("body", new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
            if (response.code() >= 400) {
                throw new ActionFailure("The webhook answered " + response.code());
            }
            return out;
        } catch (RefusedAddress e) {
            throw new ActionFailure("The webhook address is not public and is refused");
        } catch (java.io.EOFException e) {
            throw new ActionFailure("The webhook response was cut off");
        } catch (IOException e) {
            throw new ActionFailure("The webhook could not be reached");
        }
    }

    /** Public unicast only. */
    static boolean isPublic(InetAddress a) {
        if (a.isAnyLocalAddress() || a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress()
                || a.isMulticastAddress()) {
            return false;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return !(first == 0 || first >= 224 || (first == 100 && second >= 64 && second < 128)
                    || (first == 192 && second == 0 && (b[2] & 0xff) == 0) || (first == 198 && (second == 18 || second == 19)));
        }
        if (a instanceof Inet6Address) {
            if ((b[0] & 0xfe) == 0xfc) {
                return false; // unique local fc00::/7
            }
            boolean mapped = true;
            for (int i = 0; i < 10; i++) {
                mapped &= b[i] == 0;
            }
            if (mapped && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
                try {
                    return isPublic(InetAddress.getByAddress(Arrays.copyOfRange(b, 12, 16)));
                } catch (UnknownHostException e) {
                    return false;
                }
            }
        }
        return true;
    }
}
