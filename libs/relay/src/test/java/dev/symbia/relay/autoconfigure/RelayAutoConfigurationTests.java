package dev.symbia.relay.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.symbia.auth.ServiceTokenClient;

import dev.symbia.relay.EnvelopeSigner;
import dev.symbia.relay.RelayClient;
import dev.symbia.relay.RelayCredentials;
import dev.symbia.test.auth.TestIdentity;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import tools.jackson.databind.json.JsonMapper;

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
        });
    }

    @Test
    void theRelayPresentsTheServicesOwnServiceToken() {
        try (TestIdentity identity = TestIdentity.create()) {
            ServiceTokenClient tokens = new ServiceTokenClient(new OkHttpClient(), identity.url(), "messaging",
                    identity.serviceSecret(), Clock.systemUTC(), JsonMapper.builder().build());
            runner.withBean(ServiceTokenClient.class, () -> tokens).run(context -> {
                Map<String, String> headers = context.getBean(RelayCredentials.class).headers();
                assertThat(headers).containsOnlyKeys("Authorization");
                JWTClaimsSet claims = SignedJWT.parse(headers.get("Authorization").substring("Bearer ".length()))
                        .getJWTClaimsSet();
                assertThat(claims.getSubject()).isEqualTo("messaging");
                assertThat(claims.getStringClaim("typ")).isEqualTo("service");
                assertThat(identity.requestCount("POST /api/auth/service-token")).isEqualTo(1);

                // identity down and no valid token cached: the connect fails (and is retried), never goes out bare.
                tokens.invalidate();
                identity.setAvailable(false);
                assertThatIllegalStateException().isThrownBy(() -> context.getBean(RelayCredentials.class).headers());
            });
        }
    }

    @Test
    void withoutAServiceTokenTheRelayHasNoCredentialsAndAssertsNoIdentity() {
        runner.run(context -> assertThat(context.getBean(RelayCredentials.class).headers()).isEmpty());
    }

    @Test
    void theNetworkJoinsTheServicesInternalCallers() {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("application",
                Map.of("symbia.auth.internal-callers", "messaging,assistants")));
        new RelayEnvironmentPostProcessor().postProcessEnvironment(environment, null);
        assertThat(callers(environment)).containsExactly("messaging", "assistants", "network");

        StandardEnvironment none = new StandardEnvironment();
        new RelayEnvironmentPostProcessor().postProcessEnvironment(none, null);
        assertThat(callers(none)).containsExactly("network");

        StandardEnvironment off = new StandardEnvironment();
        off.getPropertySources().addFirst(new MapPropertySource("application", Map.of("NETWORK_RELAY_ENABLED", "false")));
        new RelayEnvironmentPostProcessor().postProcessEnvironment(off, null);
        assertThat(callers(off)).isEmpty();
    }

    private static List<String> callers(StandardEnvironment environment) {
        return Binder.get(environment).bind("symbia.auth.internal-callers", Bindable.listOf(String.class)).orElse(List.of());
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
                .run(context -> assertThat(context).hasNotFailed());
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
