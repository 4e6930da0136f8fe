package dev.symbia.gateway.internal;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class InternalPathConfiguration {

    @Bean
    InternalPathFilter internalPathFilter() {
        return new InternalPathFilter();
    }
}
