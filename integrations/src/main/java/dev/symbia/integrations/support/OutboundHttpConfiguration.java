package dev.symbia.integrations.support;

import dev.symbia.integrations.stream.TimeoutProperties;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import okhttp3.OkHttpClient;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The one outbound HTTP client (OkHttp) and the timer thread that polices provider streams. */
@Configuration(proxyBeanMethods = false)
class OutboundHttpConfiguration {

    @Bean(destroyMethod = "")
    OkHttpClient okHttpClient(TimeoutProperties timeouts) {
        return OkHttpClients.forProviders(timeouts);
    }

    @Bean
    DisposableBean okHttpShutdown(OkHttpClient client) {
        return () -> {
            client.dispatcher().executorService().shutdown();
            client.connectionPool().evictAll();
        };
    }

    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService providerWatchdogScheduler() {
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "provider-watchdog");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.setRemoveOnCancelPolicy(true);
        return scheduler;
    }
}
