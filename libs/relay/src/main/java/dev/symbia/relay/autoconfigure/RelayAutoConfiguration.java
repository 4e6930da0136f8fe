package dev.symbia.relay.autoconfigure;

import dev.symbia.auth.ServiceTokenClient;
import dev.symbia.core.RuntimeMode;
import dev.symbia.core.SymbiaService;
import dev.symbia.relay.EnvelopeCodec;
import dev.symbia.relay.EnvelopeSigner;
import dev.symbia.relay.NetworkSecret;
import dev.symbia.relay.NodeRegistration;
import dev.symbia.relay.RelayClient;
import dev.symbia.relay.RelayCredentials;
import dev.symbia.relay.RelayProtocol;
import dev.symbia.relay.RelaySettings;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Joins a service to the network by depending on symbia-relay: a {@link RelayClient} bean that
 * registers the service as a node, and the HTTP delivery endpoint. Off with
 * {@code NETWORK_RELAY_ENABLED=false} (or {@code symbia.relay.enabled=false}).
 */
@AutoConfiguration(afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnProperty(prefix = "symbia.relay", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(RelayProperties.class)
public class RelayAutoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(RelayAutoConfiguration.class);

    @Bean
    @ConditionalOnMissingBean
    EnvelopeCodec envelopeCodec() {
        return new EnvelopeCodec();
    }

    @Bean
    @ConditionalOnMissingBean
    EnvelopeSigner envelopeSigner(Environment environment, EnvelopeCodec codec) {
        RuntimeMode mode = RuntimeMode.parse(environment.getProperty(RuntimeMode.ENV));
        return new EnvelopeSigner(NetworkSecret.resolve(environment.getProperty(NetworkSecret.ENV), mode), codec);
    }

    /**
     * The relay authenticates with this service's service token (libs/auth's {@link ServiceTokenClient},
     * there when {@code INTERNAL_SERVICE_SECRET} is set). Without one the network refuses the relay,
     * which keeps retrying; said once at startup rather than on every attempt.
     */
    @Bean
    @ConditionalOnMissingBean
    RelayCredentials relayCredentials(ObjectProvider<ServiceTokenClient> serviceTokens, RelayProperties properties,
            Environment environment) {
        String nodeId = nodeId(properties, environment);
        ServiceTokenClient client = serviceTokens.getIfAvailable();
        if (client == null) {
            log.warn("Relay '{}' has no service token (INTERNAL_SERVICE_SECRET is not set): the network will refuse it",
                    nodeId);
            return RelayCredentials.none();
        }
        if (!nodeId.equals(client.serviceId())) {
            // A service may only act as its own node: the network would refuse this registration.
            log.warn("Relay node id '{}' differs from the service token's id '{}': the network will refuse it",
                    nodeId, client.serviceId());
        }
        return RelayCredentials.serviceToken(client);
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    RelayClient relayClient(RelayProperties properties, Environment environment, EnvelopeSigner signer,
            EnvelopeCodec codec, RelayCredentials credentials, ObjectProvider<MeterRegistry> meters) {
        String nodeId = nodeId(properties, environment);
        RelaySettings settings = new RelaySettings(URI.create(properties.url()), properties.heartbeatInterval(),
                properties.reconnectInitialDelay(), properties.reconnectMaxDelay(), properties.bufferCapacity(),
                properties.replayWindow(), properties.pingInterval(), properties.connectTimeout());
        String startedAt = Instant.now().toString();
        return new RelayClient(settings, () -> {
            Map<String, Object> metadata = new LinkedHashMap<>();
            metadata.put("startedAt", startedAt);
            String version = RelayAutoConfiguration.class.getPackage().getImplementationVersion();
            metadata.put("version", version == null ? "dev" : version);
            return new NodeRegistration(nodeId, properties.name() == null || properties.name().isBlank() ? nodeId : properties.name(),
                    properties.type(), properties.capabilities(), endpoint(properties, environment, nodeId), metadata);
        }, nodeId, signer, codec, credentials, meters.getIfAvailable(), Clock.systemUTC());
    }

    @Bean
    RelayLifecycle relayLifecycle(RelayClient relay) {
        return new RelayLifecycle(relay);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass(name = "org.springframework.web.servlet.DispatcherServlet")
    static class DeliveryEndpointConfiguration {

        @Bean
        RelayDeliveryController relayDeliveryController(RelayClient relay) {
            return new RelayDeliveryController(relay);
        }
    }

    static String nodeId(RelayProperties properties, Environment environment) {
        if (properties.nodeId() != null && !properties.nodeId().isBlank()) {
            return properties.nodeId();
        }
        return environment.getProperty("spring.application.name", "application");
    }

    /**
     * Where the network can POST to this service: the configured endpoint, else the address others use
     * for this service ({@code <SERVICE>_SERVICE_URL}), else localhost on the actual server port.
     */
    static String endpoint(RelayProperties properties, Environment environment, String nodeId) {
        if (properties.endpoint() != null && !properties.endpoint().isBlank()) {
            return properties.endpoint();
        }
        String port = environment.getProperty("local.server.port");
        if (port == null) {
            return null; // not a web application: deliveries come over the socket only
        }
        String base = SymbiaService.byId(nodeId)
                .map(service -> environment.getProperty(service.envPrefix() + "_SERVICE_URL"))
                .filter(url -> !url.isBlank())
                .map(url -> url.endsWith("/") ? url.substring(0, url.length() - 1) : url)
                .orElse("http://localhost:" + port);
        return base + RelayProtocol.DELIVERY_PATH;
    }
}
