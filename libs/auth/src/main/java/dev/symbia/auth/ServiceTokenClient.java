package dev.symbia.auth;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * This service's own service token, for calls to other services' {@code /api/internal/**}
 * endpoints: exchanged at identity ({@code POST /api/auth/service-token} with
 * {@code INTERNAL_SERVICE_SECRET}) on first use and again shortly before it expires.
 */
public final class ServiceTokenClient {

    /** Renew this long before expiry so a token never expires in flight. */
    static final Duration RENEW_BEFORE = Duration.ofSeconds(60);
    private static final MediaType JSON = MediaType.get("application/json");

    private final OkHttpClient http;
    private final String url;
    private final String serviceId;
    private final String secret;
    private final Clock clock;
    private final JsonMapper json;
    private String token;
    private Instant expiresAt = Instant.MIN;

    public ServiceTokenClient(OkHttpClient http, String identityUrl, String serviceId, String secret, Clock clock,
            JsonMapper json) {
        this.http = http;
        this.url = identityUrl + "/api/auth/service-token";
        this.serviceId = serviceId;
        this.secret = secret;
        this.clock = clock;
        this.json = json;
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

    /** An OkHttp interceptor that authenticates every call with this service's token. */
    public Interceptor interceptor() {
        return chain -> {
            String current;
            try {
                current = token();
            } catch (AuthUnavailableException e) {
                throw new IOException("no service token: " + e.getMessage(), e);
            }
            return chain.proceed(chain.request().newBuilder().header("Authorization", "Bearer " + current).build());
        };
    }

    private void fetch() throws AuthUnavailableException {
        String body = json.writeValueAsString(Map.of("serviceId", serviceId, "secret", secret));
        Request request = new Request.Builder().url(url).post(RequestBody.create(body, JSON)).build();
        try (Response response = http.newCall(request).execute()) {
            if (!response.isSuccessful()) {
                // Never include the body: it could echo something about the secret.
                throw new AuthUnavailableException("identity refused the service token (" + response.code() + ")", null);
            }
            JsonNode node = json.readTree(response.body().string());
            String fresh = node.path("token").asString("");
            long expiresIn = node.path("expiresIn").asLong(0);
            if (fresh.isEmpty() || expiresIn <= 0) {
                throw new AuthUnavailableException("identity sent no service token", null);
            }
            token = fresh;
            expiresAt = clock.instant().plusSeconds(expiresIn);
        } catch (IOException e) {
            throw new AuthUnavailableException("identity unreachable", e);
        }
    }
}
