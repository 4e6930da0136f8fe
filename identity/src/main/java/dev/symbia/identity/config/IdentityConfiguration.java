package dev.symbia.identity.config;

import dev.symbia.core.RuntimeMode;
import java.time.Clock;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/** Shared infrastructure beans of the identity service. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(IdentityProperties.class)
class IdentityConfiguration {

    @Bean
    IdentitySecrets identitySecrets(Environment environment, RuntimeMode mode) {
        return IdentitySecrets.load(environment, mode);
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    BCryptPasswordEncoder passwordEncoder(IdentityProperties properties) {
        return new BCryptPasswordEncoder(properties.bcryptCost());
    }
}
