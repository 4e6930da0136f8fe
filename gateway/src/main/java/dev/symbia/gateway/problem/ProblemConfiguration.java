package dev.symbia.gateway.problem;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
class ProblemConfiguration {

    @Bean
    ProblemWebExceptionHandler problemWebExceptionHandler(JsonMapper jsonMapper) {
        return new ProblemWebExceptionHandler(jsonMapper);
    }
}
