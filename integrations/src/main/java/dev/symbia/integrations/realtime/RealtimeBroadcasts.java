package dev.symbia.integrations.realtime;

import dev.symbia.core.Backoff;
import dev.symbia.integrations.connector.Connector;
import dev.symbia.integrations.connector.ConnectorCredentials;
import dev.symbia.integrations.connector.ConnectorException;
import dev.symbia.integrations.connector.SupabaseRealtime;
import dev.symbia.integrations.credential.Account;
import dev.symbia.integrations.credential.Credential;
import dev.symbia.integrations.support.RequestId;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * The platform's private broadcasts to Supabase Realtime (conversation and deployment events), so Supabase's own
 * authorization decides who hears them. The key is the event owner's: their {@code supabase} vault credential, their
 * org's, else {@code SUPABASE_SERVICE_ROLE_KEY}. Deliveries are retried (Resilience4j {@code Retry}, libs/core
 * {@link Backoff}, a 429's {@code Retry-After} when longer) on 5xx, 429 and unreachable; a delivery that still fails is
 * logged — topic and reason, never the key — and dropped. {@link #sendLater} never blocks its caller.
 */
@Component
public class RealtimeBroadcasts implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(RealtimeBroadcasts.class);

    private final SupabaseRealtime supabase;
    private final ConnectorCredentials credentials;
    private final Retry retry;
    private final ExecutorService sender = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("realtime-broadcast-", 0).factory());

    RealtimeBroadcasts(SupabaseRealtime supabase, ConnectorCredentials credentials, RealtimeProperties properties) {
        this.supabase = supabase;
        this.credentials = credentials;
        IntervalFunction backoff = Backoff.exponential(properties.backoff(),
                properties.maxBackoff().compareTo(properties.backoff()) < 0 ? properties.backoff() : properties.maxBackoff());
        IntervalBiFunction<Object> wait = (attempt, outcome) -> {
            long millis = backoff.apply(attempt);
            if (outcome.isLeft() && outcome.getLeft() instanceof ConnectorException e) {
                String retryAfter = e.getHeaders().getFirst(HttpHeaders.RETRY_AFTER);
                if (retryAfter != null && retryAfter.matches("\\d{1,5}")) {
                    millis = Math.max(millis, Long.parseLong(retryAfter) * 1000);
                }
            }
            return millis;
        };
        this.retry = Retry.of("supabase-realtime", RetryConfig.custom()
                .maxAttempts(properties.attempts())
                .intervalBiFunction(wait)
                .retryOnException(RealtimeBroadcasts::retryable)
                .build());
    }

    /** Whether broadcasts are wanted at all ({@code SUPABASE_URL} set). */
    public boolean enabled() {
        return supabase.configured();
    }

    /** The key broadcasts for {@code owner} go out with, if any. */
    public Optional<Credential> keyFor(Account owner) {
        try {
            return credentials.find(owner, Connector.SUPABASE);
        } catch (RuntimeException e) {
            log.debug("No Supabase key for a broadcast ({})", e.getClass().getSimpleName());
            return Optional.empty();
        }
    }

    /** Sends now on the calling thread, retrying; false when it was dropped. */
    public boolean send(Credential key, String topic, String event, JsonNode payload) {
        SupabaseRealtime.Broadcast message = new SupabaseRealtime.Broadcast(topic, event, payload, true);
        try {
            retry.executeRunnable(() -> supabase.send(key, List.of(message)));
            return true;
        } catch (ConnectorException e) {
            log.warn("Supabase broadcast of {} on {} dropped: {}", event, topic, e.getBody().getDetail());
            return false;
        } catch (RuntimeException e) {
            log.warn("Supabase broadcast of {} on {} dropped ({})", event, topic, e.getClass().getSimpleName());
            return false;
        }
    }

    /**
     * Looks up the owner's key and sends on a thread of its own, under the request id of the work that asked;
     * nothing happens without a key or a URL.
     */
    public void sendLater(Account owner, String topic, String event, JsonNode payload) {
        if (!enabled()) {
            return;
        }
        String requestId = RequestId.current();
        sender.execute(() -> RequestId.run(requestId,
                () -> keyFor(owner).ifPresent(key -> send(key, topic, event, payload))));
    }

    private static boolean retryable(Throwable e) {
        // A refused key or payload stays refused; a busy, failing or unreachable Realtime may not.
        return e instanceof ConnectorException c && switch (c.category()) {
            case RATE_LIMIT, PROVIDER, UNAVAILABLE, TIMEOUT -> true;
            default -> false;
        };
    }

    @Override
    public void destroy() {
        sender.shutdownNow();
    }
}
