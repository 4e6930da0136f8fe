package dev.symbia.integrations.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.symbia.integrations.IntegrationsApplication;
import dev.symbia.integrations.credential.CredentialChain;
import dev.symbia.relay.testing.RecordingRelay;
import java.util.List;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.FilterType;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code message.new} is subscribed to only when a broadcast could go out ({@code SUPABASE_URL} set): otherwise the
 * network would route every post of the platform here for nothing (issue 26). The realtime beans with the real
 * connector beans they use, on a recording relay.
 */
class ConversationRealtimeSubscriptionTests {

    @Configuration(proxyBeanMethods = false)
    @ConfigurationPropertiesScan(basePackageClasses = IntegrationsApplication.class)
    @ComponentScan(basePackageClasses = IntegrationsApplication.class, useDefaultFilters = false,
            includeFilters = @ComponentScan.Filter(type = FilterType.REGEX, pattern = {
                    "dev\\.symbia\\.integrations\\.realtime\\.(ConversationRealtime|RealtimeBroadcasts)",
                    "dev\\.symbia\\.integrations\\.connector\\.(SupabaseRealtime|VendorHttp|ConnectorCredentials)"}))
    static class Realtime {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withInitializer(new ConfigDataApplicationContextInitializer())
            .withUserConfiguration(Realtime.class)
            .withBean(RecordingRelay.class, () -> new RecordingRelay("integrations"))
            .withBean(OkHttpClient.class, OkHttpClient::new)
            .withBean(JsonMapper.class, () -> JsonMapper.builder().build())
            .withBean(CredentialChain.class, () -> new CredentialChain(List.of()));

    @Test
    void withoutSupabaseNothingIsSubscribedAndAPostIsNotDeliveredHere() {
        runner.withPropertyValues("symbia.integrations.connectors.supabase.url=").run(context -> {
            assertThat(context).hasNotFailed();
            RecordingRelay network = context.getBean(RecordingRelay.class);
            assertThat(context.getBean(ConversationRealtime.class).subscribed()).isFalse();
            assertThat(network.subscriptionCount()).isZero();
        });
    }

    @Test
    void withSupabaseMessageNewIsSubscribedWhileRunningAndLetGoWhenStopped() {
        runner.withPropertyValues("symbia.integrations.connectors.supabase.url=http://127.0.0.1:9/",
                "symbia.integrations.connectors.supabase.service-role-key=k").run(context -> {
            assertThat(context).hasNotFailed();
            RecordingRelay network = context.getBean(RecordingRelay.class);
            ConversationRealtime realtime = context.getBean(ConversationRealtime.class);
            assertThat(realtime.subscribed()).isTrue();
            assertThat(network.subscriptionCount()).isEqualTo(1);

            context.stop();
            assertThat(realtime.subscribed()).isFalse();
            assertThat(network.subscriptionCount()).isZero();
            context.start();
            assertThat(network.subscriptionCount()).isEqualTo(1);
        });
    }
}
