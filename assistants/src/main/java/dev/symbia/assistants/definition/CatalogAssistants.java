package dev.symbia.assistants.definition;

import dev.symbia.assistants.config.AssistantsProperties;
import dev.symbia.assistants.engine.RuleSet;
import dev.symbia.core.SymbiaService;
import dev.symbia.relay.Relay;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Loads published {@code assistant} resources from the catalog (reference §3.3) with this service's token: on
 * start (retried), on every {@code catalog.resource.*} event about an assistant, and on a slow poll (events are
 * missed while the relay is down). A failed load keeps the previous roster rather than emptying it.
 */
@Component
class CatalogAssistants implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(CatalogAssistants.class);

    private final OkHttpClient http;
    private final AssistantDirectory directory;
    private final ObjectProvider<Relay> relay;
    private final AssistantsProperties properties;
    private final JsonMapper json;
    private final String catalogUrl;
    private final Map<String, Object> builtInRules;
    private final AtomicBoolean reloadQueued = new AtomicBoolean();
    private volatile ScheduledExecutorService scheduler;
    private volatile Relay.Subscription subscription;

    CatalogAssistants(OkHttpClient serviceHttpClient, AssistantDirectory directory, ObjectProvider<Relay> relay,
            AssistantsProperties properties, JsonMapper json, Environment environment) {
        this.http = serviceHttpClient.newBuilder().readTimeout(properties.catalogTimeout())
                .callTimeout(properties.catalogTimeout()).build();
        this.directory = directory;
        this.relay = relay;
        this.properties = properties;
        this.json = json;
        this.catalogUrl = environment.getProperty("CATALOG_SERVICE_URL", SymbiaService.CATALOG.url(System.getenv()));
        this.builtInRules = readBuiltIns(json);
    }

    @Override
    public void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("catalog-assistants").factory());
        relay.ifAvailable(r -> subscription = r.subscribe("catalog.resource.*", JsonNode.class, event -> {
            if ("assistant".equals(event.data().path("type").asString(""))) {
                requestReload();
            }
        }));
        scheduler.execute(this::initialLoad);
        long poll = properties.catalogPoll().toMillis();
        scheduler.scheduleWithFixedDelay(this::reloadQuietly, poll, poll, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        Relay.Subscription s = subscription;
        if (s != null) {
            s.close();
        }
        ScheduledExecutorService current = scheduler;
        if (current != null) {
            current.shutdownNow();
        }
        scheduler = null;
    }

    @Override
    public boolean isRunning() {
        return scheduler != null;
    }

    /** Coalesces a burst of events into one reload. */
    void requestReload() {
        ScheduledExecutorService current = scheduler;
        if (current != null && reloadQueued.compareAndSet(false, true)) {
            current.execute(() -> {
                reloadQueued.set(false);
                reloadQuietly();
            });
        }
    }

    private void initialLoad() {
        // The reference's 5 tries 2 s apart; after that the poll keeps trying.
        for (int attempt = 1; attempt <= 5; attempt++) {
            try {
                reload();
                return;
            } catch (IOException | RuntimeException e) {
                log.warn("Loading assistants from the catalog failed (attempt {}/5): {}", attempt, e.toString());
            }
            try {
                Thread.sleep(2000); // spacing between start-up retries
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void reloadQuietly() {
        try {
            reload();
        } catch (IOException | RuntimeException e) {
            log.warn("Reloading assistants from the catalog failed; keeping the {} loaded: {}", directory.size(), e.toString());
        }
    }

    /** Fetches every published assistant (following the catalog's cursor) and replaces the roster. */
    void reload() throws IOException {
        List<AssistantDefinition> loaded = new ArrayList<>();
        String cursor = null;
        do {
            HttpUrl.Builder url = HttpUrl.get(catalogUrl + "/api/resources").newBuilder()
                    .addQueryParameter("type", "assistant").addQueryParameter("status", "published")
                    .addQueryParameter("limit", "1000");
            if (cursor != null) {
                url.addQueryParameter("cursor", cursor);
            }
            try (Response response = http.newCall(new Request.Builder().url(url.build()).get().build()).execute()) {
                if (!response.isSuccessful()) {
                    throw new IOException("catalog answered " + response.code());
                }
                JsonNode list = json.readTree(response.body().string());
                for (JsonNode resource : list) {
                    AssistantDefinition d = definition(published(resource));
                    if (d != null) {
                        loaded.add(d);
                    }
                }
                cursor = response.header("X-Next-Cursor");
            }
        } while (cursor != null && !cursor.isBlank());
        directory.replace(loaded);
        log.info("Loaded {} assistants from the catalog", loaded.size());
    }

    /**
     * The resource as its latest published version has it: the listing shows the working copy, which may carry
     * edits nobody published. The version's content snapshot ({@code name, description, metadata, tags}) wins;
     * without a version (or if the catalog cannot say) the resource is skipped rather than run unpublished.
     */
    private JsonNode published(JsonNode resource) throws IOException {
        String key = resource.path("key").asString("");
        if (key.isBlank()) {
            return resource;
        }
        HttpUrl url = HttpUrl.get(catalogUrl).newBuilder().addPathSegments("api/resolve")
                .addPathSegments(key).addQueryParameter("version", "latest").build();
        try (Response response = http.newCall(new Request.Builder().url(url).get().build()).execute()) {
            if (response.code() == 404) {
                return json.createObjectNode(); // published status but no version: nothing to run
            }
            if (!response.isSuccessful()) {
                throw new IOException("catalog answered " + response.code() + " resolving " + key);
            }
            JsonNode content = json.readTree(response.body().string()).path("content");
            tools.jackson.databind.node.ObjectNode merged = (tools.jackson.databind.node.ObjectNode) resource.deepCopy();
            for (String field : List.of("name", "description", "metadata", "tags")) {
                if (content.has(field)) {
                    merged.set(field, content.get(field));
                }
            }
            return merged;
        }
    }

    @SuppressWarnings("unchecked")
    AssistantDefinition definition(JsonNode resource) {
        String resourceKey = resource.path("key").asString("");
        if (resourceKey.isBlank()) {
            return null;
        }
        String key = resourceKey.substring(resourceKey.lastIndexOf('/') + 1).toLowerCase(java.util.Locale.ROOT);
        JsonNode metadata = resource.path("metadata");
        String orgId = resource.path("orgId").isString() ? resource.path("orgId").asString() : null;
        Object ruleSetRaw = metadata.has("ruleSet") ? json.convertValue(metadata.get("ruleSet"), Object.class) : null;
        String source = "catalog";
        if (ruleSetRaw == null) {
            // Only the platform's own default assistants get built-in rules; an org's assistant without rules has none.
            ruleSetRaw = orgId == null ? builtInRules.get(key) : null;
            source = ruleSetRaw == null ? "none" : "built-in";
        }
        JsonNode config = metadata.path("assistantConfig");
        List<String> caps = new ArrayList<>();
        config.path("capabilities").forEach(c -> caps.add(c.asString("")));
        List<String> tags = new ArrayList<>();
        resource.path("tags").forEach(t -> tags.add(t.asString("")));
        Map<String, Object> routing = metadata.path("routing").isObject()
                ? json.convertValue(metadata.get("routing"), Map.class) : Map.of();
        Map<String, Object> llm = metadata.path("llmConfig").isObject()
                ? json.convertValue(metadata.get("llmConfig"), Map.class) : Map.of();
        String alias = metadata.path("alias").isString() ? metadata.path("alias").asString() : null;
        return new AssistantDefinition(key, resourceKey, resource.path("id").asString(""), orgId,
                resource.path("name").asString(key), alias, resource.path("description").asString(""),
                List.copyOf(tags), "assistant:" + key, List.copyOf(caps),
                ruleSetRaw == null ? RuleSet.EMPTY : RuleSet.parse(ruleSetRaw), routing, llm, source);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> readBuiltIns(JsonMapper json) {
        try (InputStream in = new ClassPathResource("assistants/builtin-rules.json").getInputStream()) {
            return new LinkedHashMap<>(json.readValue(in, Map.class));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
