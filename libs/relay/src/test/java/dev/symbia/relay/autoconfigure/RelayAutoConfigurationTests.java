package dev.symbia.relay.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.symbia.relay.EnvelopeSigner;
import dev.symbia.relay.RelayClient;
import dev.symbia.relay.RelayCredentials;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** What a service gets by adding the dependency, and how it is switched off. */
class RelayAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withInitializer(context -> new RelayEnvironmentPostProcessor().postProcessEnvironment(context.getEnvironment(), null))
            .withConfiguration(AutoConfigurations.of(RelayAutoConfiguration.class))
            .withPropertyValues("spring.application.name=messaging", "SYMBIA_ENV=test");

    @Test
    void aServiceGetsARelayNamedAfterItself() {
        runner.withPropertyValues("NETWORK_SERVICE_URL=http://network.internal:5054/").run(context -> {
            assertThat(context).hasSingleBean(RelayClient.class).hasSingleBean(EnvelopeSigner.class);
            assertThat(context.getBean(RelayClient.class).nodeId()).isEqualTo("messaging");
            assertThat(context.getBean(RelayProperties.class).url()).isEqualTo("http://network.internal:5054");
            // SCAFFOLD: development identity header until libs/auth binds a service token.
            assertThat(context.getBean(RelayCredentials.class).headers()).containsEntry("X-Symbia-Principal", "service:messaging");
        });
    }

    @Test
    void defaultsToTheNetworkAddressOfTheServiceMap() {
        runner.run(context -> assertThat(context.getBean(RelayProperties.class).url()).isEqualTo("http://localhost:5054"));
    }

    @Test
    void networkRelayEnabledFalseTurnsItOff() {
        runner.withPropertyValues("NETWORK_RELAY_ENABLED=false")
                .run(context -> assertThat(context).doesNotHaveBean(RelayClient.class));
    }

    @Test
    void productionRefusesToStartWithoutTheSecret() {
        runner.withPropertyValues("SYMBIA_ENV=production").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("NETWORK_HASH_SECRET");
        });
        runner.withPropertyValues("SYMBIA_ENV=production", "NETWORK_HASH_SECRET=short")
                .run(context -> assertThat(context).hasFailed());
        runner.withPropertyValues("SYMBIA_ENV=production", "NETWORK_HASH_SECRET=0123456789abcdef0123456789abcdef")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    // No development identity header in production: the relay needs real credentials.
                    assertThat(context.getBean(RelayCredentials.class).headers()).isEmpty();
                });
    }

    @Test
    void endpointPrefersConfigThenServiceUrlThenLocalPort() {
        runner.withPropertyValues("local.server.port=8123").run(context -> assertThat(RelayAutoConfiguration.endpoint(
                context.getBean(RelayProperties.class), context.getEnvironment(), "messaging"))
                .isEqualTo("http://localhost:8123/api/internal/network/events"));
        runner.withPropertyValues("local.server.port=8123", "MESSAGING_SERVICE_URL=http://messaging:5005/")
                .run(context -> assertThat(RelayAutoConfiguration.endpoint(context.getBean(RelayProperties.class),
                        context.getEnvironment(), "messaging")).isEqualTo("http://messaging:5005/api/internal/network/events"));
        runner.withPropertyValues("symbia.relay.endpoint=https://x.example/in").run(context -> assertThat(
                RelayAutoConfiguration.endpoint(context.getBean(RelayProperties.class), context.getEnvironment(), "messaging"))
                .isEqualTo("https://x.example/in"));
        runner.run(context -> assertThat(RelayAutoConfiguration.endpoint(context.getBean(RelayProperties.class),
                context.getEnvironment(), "messaging")).isNull());
    }
}
