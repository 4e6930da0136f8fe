package dev.symbia.auth.telemetry;

import dev.symbia.auth.ServiceTokenClient;
import dev.symbia.telemetry.TelemetryCredentials;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/** Telemetry exports authenticate with the service token when the service has one. */
@AutoConfiguration(afterName = "dev.symbia.auth.SymbiaAuthAutoConfiguration")
@ConditionalOnClass(TelemetryCredentials.class)
public class TelemetryAuthAutoConfiguration {

    @Bean
    @ConditionalOnBean(ServiceTokenClient.class)
    @ConditionalOnMissingBean(TelemetryCredentials.class)
    TelemetryCredentials serviceTokenTelemetryCredentials(ServiceTokenClient client) {
        return new ServiceTokenTelemetryCredentials(client.tokens());
    }
}
