package dev.symbia.web.config;

import dev.symbia.core.RuntimeMode;
import dev.symbia.web.body.RequestBodies;
import dev.symbia.web.discovery.ServiceDiscoveryController;
import dev.symbia.web.health.HealthAliasController;
import dev.symbia.web.problem.ProblemDetailsAdvice;
import dev.symbia.web.problem.ProblemErrorController;
import dev.symbia.web.request.RequestIdFilter;
import jakarta.validation.Validator;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.info.BuildProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.json.JsonMapper;

/** The web conventions every Symbia service gets by depending on symbia-web. */
@AutoConfiguration(beforeName = "org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration",
        afterName = "org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties({SymbiaServiceProperties.class, CorsProperties.class})
public class SymbiaWebAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    RuntimeMode runtimeMode(Environment environment) {
        return RuntimeMode.parse(environment.getProperty(RuntimeMode.ENV));
    }

    @Bean
    FilterRegistrationBean<RequestIdFilter> requestIdFilter() {
        FilterRegistrationBean<RequestIdFilter> registration = new FilterRegistrationBean<>(new RequestIdFilter());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        registration.addUrlPatterns("/*");
        return registration;
    }

    @Bean
    ProblemDetailsAdvice problemDetailsAdvice() {
        return new ProblemDetailsAdvice();
    }

    @Bean
    @ConditionalOnMissingBean(ErrorController.class)
    ProblemErrorController problemErrorController() {
        return new ProblemErrorController();
    }

    @Bean
    @ConditionalOnMissingBean
    RequestBodies symbiaRequestBodies(JsonMapper json, Validator validator) {
        return new RequestBodies(json, validator);
    }

    @Bean
    CorsConfigurer symbiaCorsConfigurer(CorsProperties properties, RuntimeMode mode) {
        return new CorsConfigurer(properties, mode);
    }

    @Bean
    @ConditionalOnBean(HealthEndpoint.class)
    HealthAliasController healthAliasController(HealthEndpoint healthEndpoint) {
        return new HealthAliasController(healthEndpoint);
    }

    @Bean
    ServiceDiscoveryController serviceDiscoveryController(Environment environment, SymbiaServiceProperties properties,
            ObjectProvider<BuildProperties> buildProperties,
            @Qualifier("requestMappingHandlerMapping") ObjectProvider<RequestMappingHandlerMapping> mappings) {
        return new ServiceDiscoveryController(environment.getProperty("spring.application.name", "service"),
                properties, buildProperties, mappings::getObject);
    }
}
