package dev.symbia.gateway.cors;

import dev.symbia.core.CorsOrigins;
import dev.symbia.core.RuntimeMode;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.web.cors.CorsConfiguration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CorsProperties.class)
class GatewayCorsConfiguration {

    @Bean
    GatewayCorsFilter gatewayCorsFilter(CorsProperties properties, Environment environment) {
        RuntimeMode mode = RuntimeMode.parse(environment.getProperty(RuntimeMode.ENV));
        CorsConfiguration configuration = new CorsConfiguration();
        configuration.setAllowedOriginPatterns(CorsOrigins.patterns(properties.allowedOrigins(), mode));
        configuration.setAllowedMethods(CorsOrigins.ALLOWED_METHODS);
        configuration.setAllowedHeaders(CorsOrigins.ALLOWED_HEADERS);
        configuration.setExposedHeaders(CorsOrigins.EXPOSED_HEADERS);
        // The website authenticates with the httpOnly token cookie.
        configuration.setAllowCredentials(true);
        configuration.setMaxAge(properties.maxAge());
        return new GatewayCorsFilter(configuration);
    }

    @Bean
    UpstreamCorsHeadersFilter upstreamCorsHeadersFilter() {
        return new UpstreamCorsHeadersFilter();
    }
}
