package dev.symbia.gateway.telemetry;

import dev.symbia.auth.ServiceTokens;
import dev.symbia.auth.SymbiaAuthProperties;
import dev.symbia.auth.telemetry.ServiceTokenTelemetryCredentials;
import dev.symbia.core.ServiceCallers;
import dev.symbia.gateway.routing.ServiceDirectory;
import dev.symbia.telemetry.TelemetryCredentials;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import tools.jackson.databind.json.JsonMapper;

/**
 * The gateway's own service token (id {@code gateway}, exchanged at identity for
 * {@code INTERNAL_SERVICE_SECRET} and renewed before expiry by libs/auth's {@link ServiceTokens},
 * over the JDK's HttpClient: the gateway has no OkHttp) authenticates its OTLP exports at logging.
 * Fetched lazily on the exporters' threads, never on a request's: the gateway starts without identity,
 * and when identity cannot answer an export goes without and is refused, nothing else happens.
 * No service lists the gateway among its internal callers, so the token opens no internal endpoint.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SymbiaAuthProperties.class)
@Conditional(GatewayTelemetryConfiguration.ServiceSecretConfigured.class)
class GatewayTelemetryConfiguration {

    static final String INTERNAL_SERVICE_SECRET = "INTERNAL_SERVICE_SECRET";
    /** Bound on one exchange with identity. */
    static final Duration IDENTITY_TIMEOUT = Duration.ofSeconds(5);

    @Bean
    @ConditionalOnMissingBean
    ServiceTokens gatewayServiceTokens(ServiceDirectory directory, SymbiaAuthProperties auth, Environment environment,
            ObjectProvider<JsonMapper> json) {
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(3))
                .build();
        return new ServiceTokens(ServiceTokens.jdkTransport(http, IDENTITY_TIMEOUT), directory.identityUrl(auth.identityUrl()),
                ServiceCallers.GATEWAY, environment.getProperty(INTERNAL_SERVICE_SECRET), Clock.systemUTC(),
                json.getIfAvailable(() -> JsonMapper.builder().build()));
    }

    @Bean
    @ConditionalOnMissingBean
    TelemetryCredentials gatewayTelemetryCredentials(ServiceTokens tokens) {
        return new ServiceTokenTelemetryCredentials(tokens);
    }

    /** Without the secret there is no token to be had, and no export (see {@link GatewayTelemetryEnvironmentPostProcessor}). */
    static final class ServiceSecretConfigured implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            String secret = context.getEnvironment().getProperty(INTERNAL_SERVICE_SECRET);
            return secret != null && !secret.isBlank();
        }
    }
}
