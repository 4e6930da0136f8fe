package dev.symbia.catalog.config;

import dev.symbia.catalog.manifest.Manifests;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CatalogProperties.class)
class CatalogConfiguration {

    @Bean
    Manifests manifests(CatalogProperties properties) {
        return new Manifests(properties.platformVersion());
    }
}
