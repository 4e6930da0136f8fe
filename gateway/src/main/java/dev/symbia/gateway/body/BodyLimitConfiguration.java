package dev.symbia.gateway.body;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(BodyLimitProperties.class)
class BodyLimitConfiguration {

    @Bean
    BodyLimitFilter bodyLimitFilter(BodyLimitProperties properties) {
        return new BodyLimitFilter(properties.maxSize().toBytes());
    }
}
