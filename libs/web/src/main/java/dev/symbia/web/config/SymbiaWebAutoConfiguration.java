package dev.symbia.web.config;

import dev.symbia.core.RuntimeMode;
import dev.symbia.web.body.RequestBodies;
import dev.symbia.web.discovery.ServiceDiscoveryController;
import dev.symbia.web.health.HealthAliasController;
import dev.symbia.web.problem.ProblemDetailsAdvice;
import dev.symbia.web.problem.ProblemErrorController;
import dev.symbia.web.body.ControlCharacterBodyAdvice;
import dev.symbia.web.problem.ProblemErrorReportValve;
import dev.symbia.web.problem.ProblemWriter;
import dev.symbia.web.request.RequestIdFilter;
import dev.symbia.web.request.RequestTargetFilter;
import dev.symbia.web.request.TrustedForwardedHeaderFilter;
import jakarta.servlet.DispatcherType;
import java.util.List;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
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

    /** Forwarded headers count only from a trusted proxy (SYMBIA_TRUSTED_PROXIES; loopback by default). */
    @Bean
    FilterRegistrationBean<TrustedForwardedHeaderFilter> trustedForwardedHeaderFilter(Environment environment) {
        List<String> proxies = Binder.get(environment).bind("symbia.web.trusted-proxies", Bindable.listOf(String.class))
                .orElse(List.of("127.0.0.0/8", "::1"));
        FilterRegistrationBean<TrustedForwardedHeaderFilter> registration =
                new FilterRegistrationBean<>(new TrustedForwardedHeaderFilter(proxies));
        registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR);
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    @Bean
    @ConditionalOnMissingBean
    ProblemWriter symbiaProblemWriter(JsonMapper json) {
        return new ProblemWriter(json);
    }

    /** Bad percent-encoding and control characters in the path or query: a 400 problem before any handler. */
    @Bean
    FilterRegistrationBean<RequestTargetFilter> requestTargetFilter(ProblemWriter problems) {
        FilterRegistrationBean<RequestTargetFilter> registration = new FilterRegistrationBean<>(new RequestTargetFilter(problems));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 5);
        registration.addUrlPatterns("/*");
        return registration;
    }

    /** Control characters in any JSON body: a 400 problem naming the field, before binding. */
    @Bean
    ControlCharacterBodyAdvice controlCharacterBodyAdvice(JsonMapper json) {
        return new ControlCharacterBodyAdvice(json);
    }

    /**
     * Tomcat's own error report (requests it refuses before any servlet, such as a {@code %00} in the path)
     * as a problem: replaces the ErrorReportValve Boot puts on the host. Ordered last, so its context
     * customizer runs after Boot's.
     */
    @Bean
    WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> problemErrorReportValveCustomizer(ProblemWriter problems) {
        return new ProblemErrorReportValveCustomizer(problems);
    }

    static final class ProblemErrorReportValveCustomizer
            implements WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory>, Ordered {

        private final ProblemWriter problems;

        ProblemErrorReportValveCustomizer(ProblemWriter problems) {
            this.problems = problems;
        }

        @Override
        public void customize(ConfigurableTomcatWebServerFactory factory) {
            factory.addContextCustomizers(context -> {
                if (context.getParent() instanceof StandardHost host) {
                    for (Valve valve : host.getPipeline().getValves()) {
                        if (valve instanceof ErrorReportValve) {
                            host.getPipeline().removeValve(valve);
                        }
                    }
                    host.getPipeline().addValve(new ProblemErrorReportValve(problems));
                    host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
                }
            });
        }

        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;
        }
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
