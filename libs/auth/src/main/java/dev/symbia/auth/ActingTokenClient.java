package dev.symbia.auth;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A user's own short-lived token in one org, from identity's {@code POST /api/internal/acting-tokens} (asked
 * with this service's token; identity allows only the services that act for users). A service acting for a
 * user calls other services with it, so each of them checks the user's capabilities, never the service's; the
 * verified claims also say what the user may do. Cached until a minute before it expires, so a role the user
 * loses stops working within minutes.
 */
public final class ActingTokenClient {

    /** The user acting in an org: their token and what it lets them do. */
    public record Acting(String token, SymbiaPrincipal principal, Instant expiresAt) {
    }

    private static final MediaType JSON_TYPE = MediaType.get("application/json");

    private final OkHttpClient http;
    private final AccessTokenVerifier verifier;
    private final JsonMapper json;
    private final Clock clock;
    private final String url;
    private final Map<String, Acting> cache = new ConcurrentHashMap<>();

    /**
     * @param serviceHttp a client that sends this service's token ({@link ServiceTokenClient#interceptor()})
     * @param identityUrl identity's base URL, without a trailing slash
     */
    public ActingTokenClient(OkHttpClient serviceHttp, String identityUrl, AccessTokenVerifier verifier, JsonMapper json,
            Clock clock) {
        this.http = serviceHttp;
        this.verifier = verifier;
        this.json = json;
        this.clock = clock;
        this.url = identityUrl + "/api/internal/acting-tokens";
    }

    /** The user's token in {@code org}; empty when identity says they are not a member there. */
    public Optional<Acting> forUser(String userId, String org) throws IOException {
        String key = userId + "\u0000" + org;
        Acting cached = cache.get(key);
        if (cached != null && clock.instant().isBefore(cached.expiresAt().minusSeconds(60))) {
            return Optional.of(cached);
        }
        Request request = new Request.Builder().url(url)
                .post(RequestBody.create(json.writeValueAsString(Map.of("userId", userId, "orgId", org)), JSON_TYPE))
                .build();
        try (Response response = http.newCall(request).execute()) {
            if (response.code() == 404) {
                cache.remove(key);
                return Optional.empty();
            }
            if (!response.isSuccessful()) {
                throw new IOException("identity answered " + response.code() + " for an acting token");
            }
            JsonNode body = json.readTree(response.body().string());
            String token = body.path("token").asString("");
            SymbiaPrincipal principal = verifier.verify(token).toPrincipal();
            if (!principal.isUser() || !principal.id().equals(userId) || !org.equals(principal.orgId())) {
                throw new IOException("identity's acting token names another principal");
            }
            Acting acting = new Acting(token, principal, Instant.parse(body.path("expiresAt").asString()));
            cache.put(key, acting);
            return Optional.of(acting);
        } catch (InvalidTokenException | RuntimeException e) {
            throw new IOException("identity's acting token did not verify: " + e.getMessage(), e);
        }
    }
}
