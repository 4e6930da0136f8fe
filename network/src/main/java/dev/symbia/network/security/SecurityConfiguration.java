package dev.symbia.network.security;

import dev.symbia.core.RuntimeMode;
import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Wires caller resolution into Spring MVC and the WebSocket handshake. */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    // SCAFFOLD: replaced by libs/auth principal — bind a CallerResolver that maps libs/auth's principal.
    @Bean
    @ConditionalOnMissingBean(CallerResolver.class)
    CallerResolver scaffoldCallerResolver(RuntimeMode mode) {
        return new ScaffoldCallerResolver(mode);
    }

    @Bean
    WebMvcConfigurer callerArguments(CallerResolver resolver) {
        return new WebMvcConfigurer() {
            @Override
            public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
                resolvers.add(new CallerArgumentResolver(resolver));
            }
        };
    }
}
