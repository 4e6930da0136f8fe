package dev.symbia.assistants.config;

import dev.symbia.auth.ServiceTokenClient;
import io.micrometer.core.instrument.binder.okhttp3.OkHttpObservationInterceptor;
import java.time.Duration;
import okhttp3.OkHttpClient;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The HTTP client for calls to other services: this service's token on every call, traced, no redirects. */
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
}
