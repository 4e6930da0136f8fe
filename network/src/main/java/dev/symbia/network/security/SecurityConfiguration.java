package dev.symbia.network.security;

import dev.symbia.auth.AccessTokenVerifier;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Wires caller resolution (libs/auth's principal) into Spring MVC and the WebSocket handshake. */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    @Bean
    CallerResolver callerResolver(AccessTokenVerifier tokens) {
        return new PrincipalCallerResolver(tokens);
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
