package dev.symbia.network;

import com.sun.net.httpserver.HttpServer;
import dev.symbia.relay.EnvelopeCodec;
import dev.symbia.relay.EnvelopeSigner;
import dev.symbia.relay.NodeRegistration;
import dev.symbia.relay.RelayClient;
import dev.symbia.relay.RelayProtocol;
import dev.symbia.relay.RelaySettings;
import dev.symbia.test.auth.TestIdentity;
import dev.symbia.test.postgres.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Network applications started by hand (fixed ports, a shared database) and what talks to them. */
final class NetworkApps {

    static final EnvelopeCodec CODEC = new EnvelopeCodec();
    static final EnvelopeSigner SIGNER = new EnvelopeSigner(NetworkTestSupport.SECRET.getBytes(StandardCharsets.UTF_8), CODEC);

    private NetworkApps() {
    }

    static ConfigurableApplicationContext start(TestDatabase database, int port) {
        // Command-line arguments: they outrank the platform's port default (default properties would not).
        return new SpringApplicationBuilder(NetworkApplication.class).run(
                "--server.port=" + port,
                "--spring.datasource.url=" + database.jdbcUrl() + "?currentSchema=network",
                "--spring.datasource.username=" + database.username(),
                "--spring.datasource.password=" + database.password(),
                "--SYMBIA_ENV=test",
                // Not a Spring test context: point it at the shared fake identity by hand.
                "--symbia.auth.identity-url=" + TestIdentity.shared().url(),
                "--INTERNAL_SERVICE_SECRET=" + TestIdentity.shared().serviceSecret(),
                "--NETWORK_HASH_SECRET=" + NetworkTestSupport.SECRET,
                "--symbia.network.delivery.backoff=20ms",
                "--spring.lifecycle.timeout-per-shutdown-phase=5s");
    }

    static int port(ConfigurableApplicationContext context) {
        return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    static RelayClient relay(String nodeId, int networkPort, String endpoint) {
        RelaySettings settings = new RelaySettings(URI.create("http://localhost:" + networkPort), Duration.ofSeconds(30),
                Duration.ofMillis(100), Duration.ofMillis(500), 1000, Duration.ofMinutes(5), Duration.ofSeconds(10),
                Duration.ofSeconds(2));
        return new RelayClient(settings, () -> new NodeRegistration(nodeId, nodeId, "service", List.of(), endpoint, Map.of()),
                nodeId, SIGNER, CODEC, () -> NetworkTestSupport.service(nodeId), new SimpleMeterRegistry(),
                Clock.systemUTC());
    }

    /** A relay whose node announces an HTTP delivery endpoint served by a local stand-in server. */
    static RelayClient relayWithEndpoint(String nodeId, int networkPort, List<HttpServer> servers) throws IOException {
        AtomicReference<RelayClient> holder = new AtomicReference<>();
        HttpServer server = deliveryEndpoint(holder);
        servers.add(server);
        holder.set(relay(nodeId, networkPort, endpointUrl(server)));
        return holder.get();
    }

    /**
     * What a relay-using service exposes for the network's HTTP fallback (RelayDeliveryController
     * in a real service): POSTs handed to {@link RelayClient#receive}.
     */
    static HttpServer deliveryEndpoint(AtomicReference<RelayClient> relay) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        server.createContext(RelayProtocol.DELIVERY_PATH, exchange -> {
            try (InputStream body = exchange.getRequestBody()) {
                relay.get().receive(new String(body.readAllBytes(), StandardCharsets.UTF_8));
                exchange.sendResponseHeaders(202, -1);
            } catch (RuntimeException e) {
                exchange.sendResponseHeaders(400, -1);
            } finally {
                exchange.close();
            }
        });
        server.start();
        return server;
    }

    static String endpointUrl(HttpServer server) {
        return "http://localhost:" + server.getAddress().getPort() + RelayProtocol.DELIVERY_PATH;
    }
}
