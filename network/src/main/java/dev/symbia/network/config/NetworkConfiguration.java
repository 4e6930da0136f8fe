package dev.symbia.network.config;

import dev.symbia.core.RuntimeMode;
import dev.symbia.relay.EnvelopeCodec;
import dev.symbia.relay.EnvelopeSigner;
import dev.symbia.relay.EnvelopeVerifier;
import dev.symbia.relay.NetworkSecret;
import java.time.Clock;
import java.util.UUID;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** The shared envelope machinery from libs/relay, keyed by {@code NETWORK_HASH_SECRET}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(NetworkProperties.class)
class NetworkConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    EnvelopeCodec envelopeCodec() {
        return new EnvelopeCodec();
    }

    @Bean
    EnvelopeSigner envelopeSigner(Environment environment, EnvelopeCodec codec) {
        RuntimeMode mode = RuntimeMode.parse(environment.getProperty(RuntimeMode.ENV));
        return new EnvelopeSigner(NetworkSecret.resolve(environment.getProperty(NetworkSecret.ENV), mode), codec);
    }

    @Bean
    EnvelopeVerifier envelopeVerifier(EnvelopeSigner signer, NetworkProperties properties, Clock clock) {
        return new EnvelopeVerifier(signer, properties.replayWindow(), clock);
    }

    /** This process among the network's replicas: tags live connections and cross-replica notifications. */
    @Bean
    ReplicaId replicaId() {
        return new ReplicaId(UUID.randomUUID().toString().substring(0, 8));
    }
}
