package dev.symbia.integrations.execute;

import dev.symbia.integrations.stream.ChatStreamWriter;
import dev.symbia.web.sse.SseWriter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ExecuteConfiguration {

    // Frames already queued behind the one being written go out with it in one flush, at most this many.
    private static final int MAX_FRAMES_PER_FLUSH = 64;

    @Bean
    ChatStreamWriter chatStreamWriter(ExecutionProperties properties) {
        // The caller's connection is probed without writing (CallerConnection); never by empty comments.
        return new ChatStreamWriter(new SseWriter(properties.heartbeat(), properties.callerCheck(), false,
                MAX_FRAMES_PER_FLUSH));
    }
}
