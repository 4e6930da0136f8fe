package dev.symbia.models.registry;

import dev.symbia.auth.ServiceTokenClient;
import dev.symbia.models.ModelViews;
import dev.symbia.models.ModelsProperties;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Registers each model in the catalog as the integration resource {@code integrations/symbia-labs/models/<id>},
 * best effort and in the background: a catalog that is down or answers an error only costs a log line, and the
 * next scan tries again. Create with {@code POST /api/resources}; when the key exists (409, or 400 as the
 * reference's catalog answered), update it with {@code PATCH /api/resources/<id>} (the id found by its key in the catalog's list). Calls carry this service's
 * service token when {@code INTERNAL_SERVICE_SECRET} is set.
 */
@Component
public class CatalogRegistration implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CatalogRegistration.class);
    private static final MediaType JSON = MediaType.get("application/json");

    private final ModelsProperties properties;
    private final OkHttpClient http;
    private final JsonMapper json;
    private final ExecutorService background = Executors.newSingleThreadExecutor(
            Thread.ofVirtual().name("models-catalog").factory());

    CatalogRegistration(ModelsProperties properties, ObjectProvider<ServiceTokenClient> tokens, JsonMapper json) {
        this.properties = properties;
        this.json = json;
        OkHttpClient.Builder builder = new OkHttpClient.Builder()
                .connectTimeout(Duration.ofSeconds(2)).callTimeout(Duration.ofSeconds(10));
        ServiceTokenClient client = tokens.getIfAvailable();
        if (client != null) {
            builder.addInterceptor(client.interceptor());
        }
        this.http = builder.build();
    }

    static String key(String modelId) {
        return "integrations/symbia-labs/models/" + modelId;
    }

    public void register(List<ModelRecord> models) {
        if (!properties.catalogEnabled() || models.isEmpty()) {
            return;
        }
        List<ModelRecord> usable = models.stream().filter(ModelRecord::usable).toList();
        background.execute(() -> {
            // Listed at most once per scan, and only when some model is already there.
            String base = properties.catalogUrl().replaceAll("/+$", "");
            var known = new Object() {
                Map<String, String> ids;

                String id(String key) {
                    if (ids == null) {
                        ids = existingIds(base);
                    }
                    return ids.get(key);
                }
            };
            usable.forEach(m -> upsert(m, known::id));
        });
    }

    private void upsert(ModelRecord m, Function<String, String> existingId) {
        String base = properties.catalogUrl().replaceAll("/+$", "");
        String body = json.writeValueAsString(resource(m));
        try (Response created = http.newCall(new Request.Builder().url(base + "/api/resources")
                .post(RequestBody.create(body, JSON)).build()).execute()) {
            if (created.isSuccessful()) {
                log.debug("Registered model {} in the catalog", m.id());
                return;
            }
            if (created.code() != 409 && created.code() != 400) {
                log.info("Catalog refused model {}: HTTP {}", m.id(), created.code());
                return;
            }
        } catch (Exception e) {
            log.info("Catalog unreachable; model {} not registered ({})", m.id(), e.getMessage());
            return;
        }
        // The catalog updates by id: find the existing resource's id by its key among the local models.
        String id = existingId.apply(key(m.id()));
        if (id == null) {
            log.info("Catalog has model {}'s key but did not list it; not updated", m.id());
            return;
        }
        try (Response updated = http.newCall(new Request.Builder().url(base + "/api/resources/" + id)
                .patch(RequestBody.create(body, JSON)).build()).execute()) {
            if (!updated.isSuccessful()) {
                log.info("Catalog refused the update of model {}: HTTP {}", m.id(), updated.code());
            }
        } catch (Exception e) {
            log.info("Catalog unreachable; model {} not updated ({})", m.id(), e.getMessage());
        }
    }

    /** Key → id of the local models the catalog already has. */
    private Map<String, String> existingIds(String base) {
        Map<String, String> ids = new HashMap<>();
        try (Response listed = http.newCall(new Request.Builder()
                .url(base + "/api/resources?type=integration&tag=gguf&limit=500").get().build()).execute()) {
            if (listed.isSuccessful() && listed.body() != null) {
                for (JsonNode resource : json.readTree(listed.body().string())) {
                    String key = resource.path("key").asString(null);
                    String id = resource.path("id").asString(null);
                    if (key != null && id != null) {
                        ids.put(key, id);
                    }
                }
            }
        } catch (Exception e) {
            log.info("Catalog did not list its models ({})", e.getMessage());
        }
        return ids;
    }

    /** The resource as the reference registered it (SPEC §7, reference §4.4). */
    private Map<String, Object> resource(ModelRecord m) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("provider", "symbia-labs");
        metadata.put("modelId", m.id());
        metadata.put("filename", m.filename());
        metadata.put("digest", m.digest());
        metadata.put("contextWindow", m.contextLength());
        metadata.put("capabilities", ModelViews.capabilities(m));
        metadata.put("supportedOperations", m.embedding() ? List.of("embeddings")
                : List.of("chat.completions", "completions"));
        metadata.put("source", Map.of("type", "local"));
        metadata.put("runtime", Map.of("framework", "llama.cpp", "gpuLayers", properties.gpuLayers(),
                "threads", properties.effectiveThreads()));
        metadata.put("architecture", m.architecture());
        metadata.put("quantization", m.quantization());
        metadata.put("parameterCount", m.parameterCount());
        metadata.put("memoryUsageMB", m.sizeBytes() / (1024 * 1024));
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("key", key(m.id()));
        r.put("name", m.name() != null ? m.name() : m.id());
        r.put("type", "integration");
        r.put("status", "published");
        r.put("isBootstrap", true);
        r.put("tags", List.of("ai", "llm", "symbia-labs", "local", "model", "gguf"));
        r.put("metadata", metadata);
        r.put("accessPolicy", Map.of("visibility", "public"));
        return r;
    }

    @Override
    public void close() {
        background.shutdownNow();
    }
}
