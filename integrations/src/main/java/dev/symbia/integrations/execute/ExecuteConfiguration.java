package dev.symbia.integrations.execute;

import dev.symbia.integrations.stream.SseWriter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ExecuteConfiguration {

    @Bean
    SseWriter sseWriter(ExecutionProperties properties) {
        return new SseWriter(properties.heartbeat(), properties.callerCheck());
    }
}
