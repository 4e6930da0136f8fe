package dev.symbia.relay.autoconfigure;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The relay of a service, under {@code symbia.relay}. {@code NETWORK_RELAY_ENABLED} and
 * {@code NETWORK_SERVICE_URL} feed {@code enabled} and {@code url}; the secret is read from
 * {@code NETWORK_HASH_SECRET} directly and never bound here.
 *
 * @param enabled               false disables the relay entirely (no connection, no delivery endpoint)
 * @param url                   base URL of the network service
 * @param nodeId                node id; defaults to {@code spring.application.name}
 * @param name                  display name; defaults to the node id
 * @param type                  node type
 * @param capabilities          capabilities announced at registration
 * @param endpoint              full URL the network may POST deliveries to; derived when empty
 * @param heartbeatInterval     heartbeat period
 * @param reconnectInitialDelay first reconnect delay (doubles per attempt, jittered)
 * @param reconnectMaxDelay     reconnect delay cap
 * @param bufferCapacity        events buffered while disconnected (oldest dropped beyond)
 * @param replayWindow          accepted clock distance of incoming events
 * @param pingInterval          WebSocket ping period (detects dead connections)
 * @param connectTimeout        connect timeout
 */
@ConfigurationProperties("symbia.relay")
public record RelayProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("http://localhost:5054") String url,
        String nodeId,
        String name,
        @DefaultValue("service") String type,
        @DefaultValue List<String> capabilities,
        String endpoint,
        @DefaultValue("30s") Duration heartbeatInterval,
        @DefaultValue("1s") Duration reconnectInitialDelay,
        @DefaultValue("30s") Duration reconnectMaxDelay,
        @DefaultValue("1000") int bufferCapacity,
        @DefaultValue("5m") Duration replayWindow,
        @DefaultValue("15s") Duration pingInterval,
        @DefaultValue("5s") Duration connectTimeout) {
}
