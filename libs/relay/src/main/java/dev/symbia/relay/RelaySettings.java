package dev.symbia.relay;

import java.net.URI;
import java.time.Duration;

/**
 * How a {@link RelayClient} behaves; plain Java so the relay can be used without Spring.
 *
 * @param networkUrl            base URL of the network service ({@code http(s)://host:port})
 * @param heartbeatInterval     how often the node tells the network it is alive
 * @param reconnectInitialDelay first reconnect delay; doubles per failed attempt, with jitter
 * @param reconnectMaxDelay     cap of the reconnect delay (the relay retries forever)
 * @param bufferCapacity        events kept while disconnected; the oldest is dropped beyond this
 * @param replayWindow          accepted distance between an incoming event's timestamp and now
 * @param pingInterval          WebSocket ping interval; a missing pong counts as a lost connection
 * @param connectTimeout        TCP/TLS connect timeout of the WebSocket
 */
public record RelaySettings(URI networkUrl, Duration heartbeatInterval, Duration reconnectInitialDelay,
        Duration reconnectMaxDelay, int bufferCapacity, Duration replayWindow, Duration pingInterval,
        Duration connectTimeout) {

    public RelaySettings {
        String scheme = networkUrl == null ? null : networkUrl.getScheme();
        if (scheme == null || !(scheme.equals("http") || scheme.equals("https") || scheme.equals("ws") || scheme.equals("wss"))) {
            throw new IllegalArgumentException("the network URL must be http(s) or ws(s), got " + networkUrl);
        }
    }

    /** The platform defaults: heartbeat 30 s, reconnect 1 s → 30 s, 1000 buffered events, 5 min window. */
    public static RelaySettings defaults(URI networkUrl) {
        return new RelaySettings(networkUrl, Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofSeconds(30),
                1000, Duration.ofMinutes(5), Duration.ofSeconds(15), Duration.ofSeconds(5));
    }

    /** The WebSocket URL of the network (OkHttp speaks ws over http(s) URLs). */
    URI socketUrl() {
        String base = networkUrl.toString();
        if (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        base = base.replaceFirst("^ws:", "http:").replaceFirst("^wss:", "https:");
        return URI.create(base + RelayProtocol.SOCKET_PATH);
    }
}
