package dev.symbia.integrations.support;

import dev.symbia.integrations.stream.TimeoutProperties;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;

/** How the service's OkHttp client is built (shared by the bean and by tests). */
public final class OkHttpClients {

    // A gateway holds one upstream call per open chat; OkHttp's defaults (64 total, 5 per host) would queue them.
    private static final int MAX_CONCURRENT_CALLS = 1024;
    // Idle connections kept for reuse: OkHttp's default of 5 made every call beyond five concurrent ones open (and
    // then close) a TCP connection to the provider (issue 26: connection set-up showed in every chat's CPU profile).
    private static final int IDLE_CONNECTIONS = 256;

    private OkHttpClients() {
    }

    public static OkHttpClient forProviders(TimeoutProperties timeouts) {
        // Async calls (SSE) run on virtual threads: a blocked read costs no platform thread.
        Dispatcher dispatcher = new Dispatcher(Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("provider-call-", 0).factory()));
        dispatcher.setMaxRequests(MAX_CONCURRENT_CALLS);
        dispatcher.setMaxRequestsPerHost(MAX_CONCURRENT_CALLS);
        // First-chunk, idle and total limits are enforced by the Watchdog, which knows which one
        // expired; the socket read timeout is only a backstop for a stream that never closes.
        Duration backstop = max(timeouts.firstChunk(), timeouts.idle()).plusSeconds(5);
        return new OkHttpClient.Builder()
                .dispatcher(dispatcher)
                .connectionPool(new ConnectionPool(IDLE_CONNECTIONS, 5, TimeUnit.MINUTES))
                .connectTimeout(timeouts.connect())
                .readTimeout(backstop)
                .writeTimeout(Duration.ofSeconds(30))
                // Only recovers a stale pooled connection before the request reached the provider;
                // real attempts (at most two before the first byte) are counted and retried by us.
                .retryOnConnectionFailure(true)
                // Never carry an Authorization header along a redirect.
                .followRedirects(false)
                .followSslRedirects(false)
                .build();
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
