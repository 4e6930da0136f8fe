package dev.symbia.gateway.request;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ForwardedHeadersProperties.class)
class RequestContextConfiguration {

    @Bean
    RequestContextFilter requestContextFilter(ForwardedHeadersProperties properties) {
        return new RequestContextFilter(properties);
    }
}
