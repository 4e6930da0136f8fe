package dev.symbia.messaging.chat;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An assistant's system prompt: from the catalog's published assistant resource when the catalog has one
 * (reference §1.4: {@code key}, {@code assistants/<key>} or {@code metadata.alias}; its
 * {@code metadata.systemPrompt}, else its description), else a sensible default. Cached briefly either
 * way, so the catalog is asked at most once per assistant per TTL and a catalog outage costs nothing.
 */
final class AssistantPrompts {

    private static final Logger log = LoggerFactory.getLogger(AssistantPrompts.class);

    private final OkHttpClient http;
    private final String bootstrapUrl;
    private final JsonMapper json;
    private final Duration ttl;
    private final Clock clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(String prompt, Instant until) {
    }

    AssistantPrompts(OkHttpClient http, String catalogUrl, JsonMapper json, Duration ttl, Clock clock) {
        this.http = http;
        this.bootstrapUrl = catalogUrl + "/api/bootstrap";
        this.json = json;
        this.ttl = ttl;
        this.clock = clock;
    }

    static String defaultPrompt(String key) {
        return "You are " + key + ", a helpful AI assistant on the Symbia platform. Answer clearly and concisely.";
    }

    String systemPrompt(String key) {
        Instant now = clock.instant();
        Cached cached = cache.get(key);
        if (cached != null && now.isBefore(cached.until())) {
            return cached.prompt();
        }
        String prompt = fromCatalog(key);
        cache.put(key, new Cached(prompt, now.plus(ttl)));
        return prompt;
    }

    private String fromCatalog(String key) {
        Request request = new Request.Builder().url(bootstrapUrl).get().build();
        try (Response response = http.newCall(request).execute()) {
            if (!response.isSuccessful()) {
                return defaultPrompt(key);
            }
            JsonNode resources = json.readTree(response.body().string());
            JsonNode list = resources.isArray() ? resources : resources.path("resources");
            for (JsonNode resource : list) {
                if (!"assistant".equals(resource.path("type").asString(""))) {
                    continue;
                }
                String resourceKey = resource.path("key").asString("");
                if (resourceKey.equals(key) || resourceKey.equals("assistants/" + key)
                        || key.equals(resource.path("metadata").path("alias").asString(null))) {
                    String explicit = resource.path("metadata").path("systemPrompt").asString("");
                    if (!explicit.isBlank()) {
                        return explicit;
                    }
                    String description = resource.path("description").asString("");
                    return description.isBlank() ? defaultPrompt(key)
                            : "You are " + key + ", an AI assistant. " + description + " Be helpful, concise, and friendly.";
                }
            }
        } catch (IOException | RuntimeException e) {
            log.debug("Catalog unavailable for assistant {}: {}", key, e.toString());
        }
        return defaultPrompt(key);
    }
}
