package dev.symbia.runtime.component;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.symbia.runtime.config.RuntimeProperties;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import dev.symbia.auth.ServiceTokenClient;
import okhttp3.OkHttpClient;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The in-process components and their config schemas (compiled once from each declaration). */
@Service
public class ComponentRegistry {

    private final Map<String, Component> components = new LinkedHashMap<>();
    private final Map<String, Schema> configSchemas = new LinkedHashMap<>();

    @Autowired
    public ComponentRegistry(RuntimeProperties properties, ObjectProvider<ServiceTokenClient> serviceTokens) {
        this(withLlm(Builtins.all(HttpGuard.client(properties.httpAllowPrivate(), java.time.Duration.ofSeconds(10)),
                properties.httpAllowPrivate(), new LoggerSinkWriter(), catalogBase(properties)), serviceTokens.getIfAvailable()));
    }

    /** Without Spring (unit tests): no service token, so llm.invoke answers on its error port. */
    public ComponentRegistry(RuntimeProperties properties) {
        this(withLlm(Builtins.all(HttpGuard.client(properties.httpAllowPrivate(), java.time.Duration.ofSeconds(10)),
                properties.httpAllowPrivate(), new LoggerSinkWriter(), catalogBase(properties)), null));
    }

    // The integrations service is platform-internal (often a private address): its client is not SSRF-guarded.
    private static List<Component> withLlm(List<Component> builtins, ServiceTokenClient tokens) {
        List<Component> all = new ArrayList<>(builtins);
        OkHttpClient http = tokens == null ? null : new OkHttpClient.Builder().callTimeout(java.time.Duration.ofSeconds(120))
                .addInterceptor(tokens.interceptor()).build();
        String base = dev.symbia.core.SymbiaService.INTEGRATIONS.url(System.getenv()).replaceAll("/+$", "");
        all.add(LlmInvoke.component(http, base));
        all.add(IntegrationInvoke.component(http, base));
        return all;
    }

    ComponentRegistry(List<Component> all) {
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
        for (Component component : all) {
            components.put(component.spec().id(), component);
            configSchemas.put(component.spec().id(), registry.getSchema(schemaOf(component.spec().config())));
        }
    }

    private static String catalogBase(RuntimeProperties properties) {
        String base = properties.catalogUrl() == null || properties.catalogUrl().isBlank()
                ? dev.symbia.core.SymbiaService.CATALOG.url(java.util.Map.of()) : properties.catalogUrl();
        return base.replaceAll("/+$", "");
    }

    public Optional<Component> find(String id) {
        return Optional.ofNullable(components.get(id));
    }

    public Collection<Component> all() {
        return components.values();
    }

    /** The config's problems against the component's schema, each {@code {field, message}} (field relative to config). */
    public List<Map<String, String>> configErrors(String componentId, JsonNode config) {
        Schema schema = configSchemas.get(componentId);
        List<Map<String, String>> out = new ArrayList<>();
        if (schema == null) {
            return out;
        }
        for (Error error : schema.validate(config)) {
            String location = error.getInstanceLocation().toString().replaceFirst("^\\$\\.?", "").replace('/', '.');
            if (location.startsWith(".")) {
                location = location.substring(1);
            }
            String property = error.getProperty();
            String field = location.isEmpty() && property != null ? property : location;
            out.add(Map.of("field", field, "message", error.getMessage()));
        }
        return out;
    }

    /** A timer tick's payload {@code {tick, ts, ...config.payload}}. */
    public static ObjectNode tickPayload(long n, Instant at, JsonNode config) {
        return Builtins.tick(n, at, config);
    }

    // The manifest's {field: {type?, enum?, required?, default?, description}} as a JSON Schema; unknown fields refused.
    static ObjectNode schemaOf(ObjectNode declaration) {
        ObjectNode schema = Values.object();
        schema.put("type", "object");
        ObjectNode properties = schema.putObject("properties");
        ArrayNode required = Values.NODES.arrayNode();
        for (Map.Entry<String, JsonNode> entry : declaration.properties()) {
            ObjectNode property = properties.putObject(entry.getKey());
            JsonNode type = entry.getValue().get("type");
            if (type != null) {
                property.set("type", type);
            }
            JsonNode allowed = entry.getValue().get("enum");
            if (allowed != null) {
                property.set("enum", allowed);
            }
            if (entry.getValue().path("required").asBoolean(false)) {
                required.add(entry.getKey());
            }
        }
        if (!required.isEmpty()) {
            schema.set("required", required);
        }
        schema.put("additionalProperties", false);
        return schema;
    }
}
