package dev.symbia.auth;

import java.io.IOException;
import java.time.Clock;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import tools.jackson.databind.json.JsonMapper;

/**
 * This service's own service token, for calls to other services' {@code /api/internal/**}
 * endpoints: exchanged at identity ({@code POST /api/auth/service-token} with
 * {@code INTERNAL_SERVICE_SECRET}) on first use and again shortly before it expires. The exchange
 * and renewal are {@link ServiceTokens}'; this class runs them over OkHttp and adds the interceptor.
 */
public final class ServiceTokenClient {

    private static final MediaType JSON = MediaType.get("application/json");

    private final ServiceTokens tokens;

    public ServiceTokenClient(OkHttpClient http, String identityUrl, String serviceId, String secret, Clock clock,
            JsonMapper json) {
        this.tokens = new ServiceTokens(okHttp(http), identityUrl, serviceId, secret, clock, json);
    }

    public String serviceId() {
        return tokens.serviceId();
    }

    /** A currently valid service token, fetched or renewed as needed. */
    public String token() throws AuthUnavailableException {
        return tokens.token();
    }

    /** Forgets the current token, e.g. after a callee rejected it; the next call fetches a new one. */
    public void invalidate() {
        tokens.invalidate();
    }

    /** The transport-agnostic token source underneath (shared cache: same token, same renewals). */
    public ServiceTokens tokens() {
        return tokens;
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

    private static ServiceTokens.Transport okHttp(OkHttpClient http) {
        return (url, body) -> {
            Request request = new Request.Builder().url(url).post(RequestBody.create(body, JSON)).build();
            try (Response response = http.newCall(request).execute()) {
                return new ServiceTokens.Reply(response.code(), response.body().string());
            }
        };
    }
}
