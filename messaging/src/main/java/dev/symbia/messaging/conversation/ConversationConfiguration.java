package dev.symbia.messaging.conversation;

import dev.symbia.core.SymbiaService;
import dev.symbia.messaging.peers.ServiceUrls;
import java.time.Duration;
import okhttp3.OkHttpClient;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ConversationProperties.class)
class ConversationConfiguration {

    @Bean
    OrgMembers orgMembers(OkHttpClient chatHttpClient, ServiceUrls services) {
        // A quick lookup, not a stream: the chat client's long read timeout does not apply.
        return new OrgMembers(chatHttpClient.newBuilder().callTimeout(Duration.ofSeconds(3)).build(),
                services.of(SymbiaService.IDENTITY));
    }
}
