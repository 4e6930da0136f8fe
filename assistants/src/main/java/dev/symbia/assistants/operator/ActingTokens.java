package dev.symbia.assistants.operator;

import dev.symbia.auth.AccessTokenVerifier;
import dev.symbia.auth.InvalidTokenException;
import dev.symbia.auth.SymbiaPrincipal;
import dev.symbia.core.SymbiaService;
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
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The user's own short-lived token in one org, from identity's {@code POST /api/internal/acting-tokens} (asked
 * with this service's token). The operator calls every other service with it, so each of them checks the user's
 * capabilities, never this service's; the verified claims also say which tools to offer. Cached until a minute
 * before it expires, so a role the user loses stops working within minutes.
 */
@Component
class ActingTokens {

    /** The user acting in an org: their token and what it lets them do. */
    record Acting(String token, SymbiaPrincipal principal, Instant expiresAt) {
    }

    private static final MediaType JSON_TYPE = MediaType.get("application/json");

    private final OkHttpClient http;
    private final AccessTokenVerifier verifier;
    private final JsonMapper json;
    private final Clock clock;
    private final String url;
    private final Map<String, Acting> cache = new ConcurrentHashMap<>();

    ActingTokens(OkHttpClient serviceHttpClient, AccessTokenVerifier verifier, JsonMapper json, Environment environment) {
        this.http = serviceHttpClient;
        this.verifier = verifier;
        this.json = json;
        this.clock = Clock.systemUTC();
        String configured = environment.getProperty("symbia.auth.identity-url", "");
        String base = configured.isBlank()
                ? environment.getProperty("IDENTITY_SERVICE_URL", SymbiaService.IDENTITY.url(System.getenv()))
                : configured;
        this.url = (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/api/internal/acting-tokens";
    }

    /** The user's token in {@code org}; empty when identity says they are not a member there. */
    Optional<Acting> forUser(String userId, String org) throws IOException {
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
