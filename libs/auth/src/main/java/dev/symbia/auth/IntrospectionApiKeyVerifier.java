package dev.symbia.auth;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Verifies API keys through identity's {@code POST /api/auth/introspect} and remembers the answer
 * for at most 30 s, so a revoked key stops working within 30 s while most requests cost no
 * round-trip (the reference made one per request). The cache is keyed by a hash of the key, never
 * the key itself.
 */
public final class IntrospectionApiKeyVerifier implements ApiKeyVerifier {

    /** Revocation must take effect within this (SPEC §3); a longer configured TTL is clamped. */
    public static final Duration MAX_TTL = Duration.ofSeconds(30);
    private static final int MAX_ENTRIES = 10_000;
    private static final MediaType JSON = MediaType.get("application/json");

    private final OkHttpClient http;
    private final String url;
    private final Duration ttl;
    private final Clock clock;
    private final JsonMapper json;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    public IntrospectionApiKeyVerifier(OkHttpClient http, String introspectUrl, Duration ttl, Clock clock, JsonMapper json) {
        this.http = http;
        this.url = introspectUrl;
        this.ttl = ttl.compareTo(MAX_TTL) > 0 ? MAX_TTL : ttl;
        this.clock = clock;
        this.json = json;
    }

    @Override
    public Optional<SymbiaPrincipal> verify(String apiKey) throws AuthUnavailableException {
        String cacheKey = SecretHashes.sha256(apiKey);
        Instant now = clock.instant();
        Cached cached = cache.get(cacheKey);
        if (cached != null && now.isBefore(cached.expiresAt())) {
            return cached.principal();
        }
        Optional<SymbiaPrincipal> principal = introspect(apiKey);
        if (cache.size() >= MAX_ENTRIES) {
            cache.values().removeIf(entry -> !now.isBefore(entry.expiresAt()));
            if (cache.size() >= MAX_ENTRIES) {
                cache.clear();
            }
        }
        cache.put(cacheKey, new Cached(principal, now.plus(ttl)));
        return principal;
    }

    private Optional<SymbiaPrincipal> introspect(String apiKey) throws AuthUnavailableException {
        String body = json.writeValueAsString(Map.of("token", apiKey));
        Request request = new Request.Builder().url(url).post(RequestBody.create(body, JSON)).build();
        try (Response response = http.newCall(request).execute()) {
            if (!response.isSuccessful()) {
                throw new AuthUnavailableException("introspection answered " + response.code(), null);
            }
            return principal(json.readTree(response.body().string()));
        } catch (IOException e) {
            throw new AuthUnavailableException("identity unreachable", e);
        }
    }

    /** Maps identity's RFC 7662 answer for an API key to a principal; anything else is inactive. */
    static Optional<SymbiaPrincipal> principal(JsonNode node) {
        if (!node.path("active").asBoolean(false) || !"api_key".equals(node.path("token_type").asString(""))) {
            return Optional.empty();
        }
        Optional<PrincipalType> type = PrincipalType.fromWire(node.path("typ").asString(""));
        String sub = node.path("sub").asString("");
        if (type.isEmpty() || sub.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> orgs = new LinkedHashMap<>();
        node.path("orgs").properties().forEach(e -> orgs.put(e.getKey(), e.getValue().asString()));
        Set<String> caps = new LinkedHashSet<>();
        node.path("caps").forEach(cap -> caps.add(cap.asString()));
        String org = node.path("org").isString() ? node.path("org").asString() : null;
        return Optional.of(new SymbiaPrincipal(type.get(), sub, org, orgs, caps, false,
                text(node, "email"), text(node, "name"), text(node, "agentId"), AuthMethod.API_KEY,
                text(node, "key_id"), null));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }

    private record Cached(Optional<SymbiaPrincipal> principal, Instant expiresAt) {
    }
}
