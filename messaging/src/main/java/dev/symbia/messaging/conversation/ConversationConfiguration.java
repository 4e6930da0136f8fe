package dev.symbia.messaging.conversation;

import dev.symbia.core.SymbiaService;
import java.util.Map;
import okhttp3.OkHttpClient;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ConversationProperties.class)
class ConversationConfiguration {

    /** identity's base URL as libs/auth resolves it: symbia.auth.identity-url, else IDENTITY_SERVICE_URL. */
    @Bean
    OrgMembers orgMembers(OkHttpClient chatHttpClient, Environment environment) {
        String configured = environment.getProperty("symbia.auth.identity-url", "");
        String url = configured.isBlank()
                ? SymbiaService.IDENTITY.url(environment.getProperty("IDENTITY_SERVICE_URL") == null ? Map.of()
                        : Map.of("IDENTITY_SERVICE_URL", environment.getProperty("IDENTITY_SERVICE_URL")))
                : configured.trim();
        // A quick lookup, not a stream: the chat client's long read timeout does not apply.
        return new OrgMembers(chatHttpClient.newBuilder().callTimeout(java.time.Duration.ofSeconds(3)).build(), url);
    }
}
