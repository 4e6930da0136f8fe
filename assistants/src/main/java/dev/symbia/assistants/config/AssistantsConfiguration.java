package dev.symbia.assistants.config;

import dev.symbia.auth.ServiceTokenClient;
import io.micrometer.core.instrument.binder.okhttp3.OkHttpObservationInterceptor;
import java.time.Duration;
import okhttp3.OkHttpClient;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The HTTP clients for calls to other services: as this service (its token) or as an assistant's agent; traced, no redirects. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AssistantsProperties.class)
class AssistantsConfiguration {

    @Bean(destroyMethod = "")
    OkHttpClient serviceHttpClient(AssistantsProperties properties, ObjectProvider<ServiceTokenClient> serviceTokens,
            ObjectProvider<OkHttpObservationInterceptor> tracing) {
        OkHttpClient.Builder builder = new OkHttpClient.Builder()
                .connectTimeout(Duration.ofSeconds(5))
                .readTimeout(properties.llmTimeout())
                .callTimeout(properties.llmTimeout().plusSeconds(5))
                .followRedirects(false);
        tracing.ifAvailable(builder::addInterceptor);
        serviceTokens.ifAvailable(client -> builder.addInterceptor(client.interceptor()));
        return builder.build();
    }

    /**
     * For calls as an assistant's agent: the same client without this service's token, so the agent's own bearer
     * token is what the callee sees. Injected by name only.
     */
    @Bean(defaultCandidate = false, destroyMethod = "")
    OkHttpClient agentHttpClient(AssistantsProperties properties, ObjectProvider<OkHttpObservationInterceptor> tracing) {
        OkHttpClient.Builder builder = new OkHttpClient.Builder()
                .connectTimeout(Duration.ofSeconds(5))
                .readTimeout(properties.llmTimeout())
                .callTimeout(properties.llmTimeout().plusSeconds(5))
                .followRedirects(false)
                .followSslRedirects(false);
        tracing.ifAvailable(builder::addInterceptor);
        return builder.build();
    }
}
