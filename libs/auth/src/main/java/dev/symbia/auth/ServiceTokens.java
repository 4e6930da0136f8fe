package dev.symbia.auth;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A caller's own service token (SPEC §3), exchanged at identity ({@code POST /api/auth/service-token}
 * with {@code INTERNAL_SERVICE_SECRET}) on first use and again shortly before it expires. This is the
 * logic behind {@link ServiceTokenClient}, over any blocking HTTP transport: the services use it
 * through OkHttp, the gateway (reactive, without OkHttp) through the JDK's client ({@link #jdkTransport}).
 * {@link #token()} may block on identity: never call it on an event-loop thread.
 */
public final class ServiceTokens {

    /** Renew this long before expiry so a token never expires in flight. */
    static final Duration RENEW_BEFORE = Duration.ofSeconds(60);
    static final String PATH = "/api/auth/service-token";

    /** Posts a JSON body and answers the status and body; blocking. */
    @FunctionalInterface
    public interface Transport {

        Reply post(String url, String json) throws IOException;
    }

    /** What identity answered. */
    public record Reply(int status, String body) {
    }

    private final Transport transport;
    private final String url;
    private final String serviceId;
    private final String secret;
    private final Clock clock;
    private final JsonMapper json;
    private String token;
    private Instant expiresAt = Instant.MIN;

    /**
     * @param identityUrl identity's base URL, without a trailing slash
     * @param serviceId   the caller's id: one of the nine services or the gateway ({@code dev.symbia.core.ServiceCallers})
     */
    public ServiceTokens(Transport transport, String identityUrl, String serviceId, String secret, Clock clock,
            JsonMapper json) {
        this.transport = transport;
        this.url = identityUrl + PATH;
        this.serviceId = serviceId;
        this.secret = secret;
        this.clock = clock;
        this.json = json;
    }

    /** A transport over the JDK's HttpClient; {@code timeout} bounds each exchange. */
    public static Transport jdkTransport(HttpClient http, Duration timeout) {
        return (url, body) -> {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                    .timeout(timeout)
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                    .build();
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                return new Reply(response.statusCode(), response.body());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        };
    }

    public String serviceId() {
        return serviceId;
    }

    /** A currently valid service token, fetched or renewed as needed. */
    public synchronized String token() throws AuthUnavailableException {
        if (token == null || !clock.instant().isBefore(expiresAt.minus(RENEW_BEFORE))) {
            fetch();
        }
        return token;
    }

    /** Forgets the current token, e.g. after a callee rejected it; the next call fetches a new one. */
    public synchronized void invalidate() {
        token = null;
    }

    private void fetch() throws AuthUnavailableException {
        String body = json.writeValueAsString(Map.of("serviceId", serviceId, "secret", secret));
        Reply reply;
        try {
            reply = transport.post(url, body);
        } catch (IOException e) {
            throw new AuthUnavailableException("identity unreachable", e);
        }
        if (reply.status() < 200 || reply.status() > 299) {
            // Never include the body: it could echo something about the secret.
            throw new AuthUnavailableException("identity refused the service token (" + reply.status() + ")", null);
        }
        JsonNode node;
        try {
            node = json.readTree(reply.body() == null ? "" : reply.body());
        } catch (RuntimeException e) {
            throw new AuthUnavailableException("identity sent no service token", null);
        }
        String fresh = node.path("token").asString("");
        long expiresIn = node.path("expiresIn").asLong(0);
        if (fresh.isEmpty() || expiresIn <= 0) {
            throw new AuthUnavailableException("identity sent no service token", null);
        }
        token = fresh;
        expiresAt = clock.instant().plusSeconds(expiresIn);
    }
}
