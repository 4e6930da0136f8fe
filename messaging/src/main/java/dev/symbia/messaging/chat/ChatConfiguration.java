package dev.symbia.messaging.chat;

import dev.symbia.auth.ServiceTokenClient;
import dev.symbia.core.SymbiaService;
import dev.symbia.messaging.conversation.Conversations;
import dev.symbia.messaging.message.Messages;
import dev.symbia.messaging.peers.ServiceUrls;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.okhttp3.OkHttpObservationInterceptor;
import io.micrometer.observation.ObservationRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/** Wiring of the chat stream: its HTTP client to integrations and catalog, and its parts. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ChatProperties.class)
class ChatConfiguration {

    // One upstream call per open chat: OkHttp's defaults (64 in all, 5 per host) would queue them.
    private static final int MAX_CONCURRENT_CALLS = 4096;
    // Idle connections kept for reuse: OkHttp's default of 5 made every chat beyond five concurrent ones open (and
    // then close) a TCP connection to integrations, ~5% of messaging's CPU per turn in a profile (issue 26).
    private static final int IDLE_CONNECTIONS = 256;

    /**
     * Calls to other services: traced (W3C traceparent) and, for /api/internal/**, authenticated with this
     * service's token. Streams are read synchronously on virtual threads.
     */
    @Bean(destroyMethod = "")
    OkHttpClient chatHttpClient(ChatProperties properties, ObjectProvider<ServiceTokenClient> serviceTokens,
            ObjectProvider<OkHttpObservationInterceptor> tracing) {
        Dispatcher dispatcher = new Dispatcher(Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("chat-http-", 0).factory()));
        dispatcher.setMaxRequests(MAX_CONCURRENT_CALLS);
        dispatcher.setMaxRequestsPerHost(MAX_CONCURRENT_CALLS);
        OkHttpClient.Builder builder = new OkHttpClient.Builder()
                .dispatcher(dispatcher)
                .connectionPool(new ConnectionPool(IDLE_CONNECTIONS, 5, TimeUnit.MINUTES))
                .connectTimeout(properties.connectTimeout())
                .readTimeout(properties.readTimeout())
                .writeTimeout(Duration.ofSeconds(30))
                .followRedirects(false);
        tracing.ifAvailable(builder::addInterceptor);
        serviceTokens.ifAvailable(client -> builder.addInterceptor(client.interceptor()));
        return builder.build();
    }

    @Bean
    ActiveReplies activeReplies() {
        return new ActiveReplies();
    }

    @Bean
    ReplyCancellation replyCancellation(ActiveReplies activeReplies, JsonMapper json) {
        return new ReplyCancellation(activeReplies, json);
    }

    @Bean
    ChatMetrics chatMetrics(MeterRegistry registry, ActiveReplies activeReplies) {
        return new ChatMetrics(registry, activeReplies);
    }

    @Bean
    IntegrationsClient integrationsClient(OkHttpClient chatHttpClient, ServiceUrls services, JsonMapper json,
            ObjectProvider<ObservationRegistry> observations) {
        return new IntegrationsClient(chatHttpClient, services.of(SymbiaService.INTEGRATIONS), json,
                observations.getIfAvailable(() -> ObservationRegistry.NOOP));
    }

    @Bean
    AssistantPrompts assistantPrompts(OkHttpClient chatHttpClient, ServiceUrls services, JsonMapper json,
            ChatProperties properties) {
        // The catalog is a quick lookup, not a stream: a short timeout keeps a slow catalog off the TTFT path.
        OkHttpClient quick = chatHttpClient.newBuilder().callTimeout(Duration.ofSeconds(2)).build();
        return new AssistantPrompts(quick, services.of(SymbiaService.CATALOG), json,
                properties.catalogCacheTtl(), Clock.systemUTC());
    }

    @Bean(destroyMethod = "close")
    AssistantChat assistantChat(OkHttpClient chatHttpClient, ServiceUrls services, JsonMapper json, Messages messages,
            ChatProperties properties) {
        // Asking whether assistants runs an assistant is a quick lookup, kept off a slow service's way.
        OkHttpClient quick = chatHttpClient.newBuilder().callTimeout(Duration.ofSeconds(2)).build();
        return new AssistantChat(quick, services.of(SymbiaService.ASSISTANTS), json, messages,
                properties.readTimeout(), Duration.ofSeconds(10), Clock.systemUTC());
    }

    @Bean
    TurnWrites turnWrites(ChatProperties properties) {
        return new TurnWrites(properties.writeThreads(), properties.writeWait());
    }

    @Bean
    ChatTurns chatTurns(Conversations conversations, Messages messages, AssistantPrompts prompts,
            ChatProperties properties, PlatformTransactionManager transactionManager, TurnWrites writes) {
        return new ChatTurns(conversations, messages, prompts, properties, new TransactionTemplate(transactionManager),
                writes);
    }

    @Bean
    ReplyStreamer replyStreamer(Messages messages, ActiveReplies activeReplies, ChatMetrics metrics,
            ApplicationEventPublisher events, ChatProperties properties, JsonMapper json, TurnWrites writes) {
        return new ReplyStreamer(messages, activeReplies, metrics, events, properties, json, writes);
    }
}
