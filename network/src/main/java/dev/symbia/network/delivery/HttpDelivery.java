package dev.symbia.network.delivery;

import dev.symbia.core.Backoff;
import dev.symbia.network.config.NetworkProperties;
import dev.symbia.relay.Envelope;
import dev.symbia.relay.RelayProtocol;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.springframework.stereotype.Component;

/**
 * POSTs an envelope to a node's endpoint with bounded retry: a few attempts, each with connect and
 * read timeouts, the platform's backoff between them (Resilience4j {@code Retry} with libs/core
 * {@code Backoff}). Client errors other than 408/429 are final (retrying cannot help); redirects are
 * not followed.
 */
@Component
class HttpDelivery {

    private static final MediaType JSON = MediaType.get("application/json");

    private final OkHttpClient client;
    private final NetworkProperties.Delivery settings;
    private final DeliveryCredentials credentials;
    private final Retry retry;

    HttpDelivery(NetworkProperties properties, DeliveryCredentials credentials) {
        this.settings = properties.delivery();
        this.credentials = credentials;
        this.client = new OkHttpClient.Builder()
                .connectTimeout(settings.connectTimeout())
                .readTimeout(settings.readTimeout())
                .writeTimeout(settings.readTimeout())
                .callTimeout(settings.connectTimeout().plus(settings.readTimeout()).multipliedBy(2))
                .followRedirects(false)
                .retryOnConnectionFailure(false)
                .build();
        // Retried on the result, never on an exception: attempt() turns every failure into one.
        this.retry = Retry.of("network-http-delivery", RetryConfig.<Attempt>custom()
                .maxAttempts(Math.max(1, settings.attempts()))
                .intervalFunction(Backoff.exponential(settings.backoff(), max(settings.backoff(), settings.maxBackoff())))
                .retryOnResult(attempt -> !attempt.delivered() && !attempt.isFinal())
                .retryExceptions()
                .failAfterMaxAttempts(false)
                .build());
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    DeliveryOutcome post(String url, Envelope envelope, String body) {
        long started = System.nanoTime();
        AtomicInteger attempts = new AtomicInteger();
        Attempt last = retry.executeSupplier(() -> {
            attempts.incrementAndGet();
            return attempt(url, envelope, body);
        });
        return new DeliveryOutcome(last.delivered(), "http", attempts.get(), elapsed(started), last.detail());
    }

    private Attempt attempt(String url, Envelope envelope, String body) {
        Map<String, String> headers;
        try {
            headers = credentials.headers();
        } catch (RuntimeException e) {
            // identity unreachable: sending without a token would only be refused; retried like a lost connection
            return new Attempt(false, false, "no service token");
        }
        Request.Builder request = new Request.Builder().url(url)
                .header(RelayProtocol.HEADER_EVENT_ID, envelope.id())
                .header(RelayProtocol.HEADER_RUN_ID, envelope.runId())
                .post(RequestBody.create(body, JSON));
        headers.forEach(request::header);
        try (Response response = client.newCall(request.build()).execute()) {
            if (response.isSuccessful()) {
                return new Attempt(true, true, null);
            }
            int code = response.code();
            return new Attempt(false, code < 500 && code != 408 && code != 429, "HTTP " + code);
        } catch (IOException | IllegalArgumentException e) {
            return new Attempt(false, false, e instanceof java.net.SocketTimeoutException
                    || e instanceof java.io.InterruptedIOException ? "timeout" : "connection failed");
        }
    }

    /** One attempt's result; a final failure is not retried. */
    private record Attempt(boolean delivered, boolean isFinal, String detail) {
    }

    private static long elapsed(long started) {
        return Duration.ofNanos(System.nanoTime() - started).toMillis();
    }
}
