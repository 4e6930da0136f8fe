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
import dev.symbia.auth.ActingTokenClient;
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
    private final SchemaRegistry schemas = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private final Map<String, Schema> declaredSchemas = new java.util.concurrent.ConcurrentHashMap<>();

    @Autowired
    public ComponentRegistry(RuntimeProperties properties, ObjectProvider<ServiceTokenClient> serviceTokens,
            ObjectProvider<ActingTokenClient> actingTokens) {
        this(withIntegrations(Builtins.all(HttpGuard.client(properties.httpAllowPrivate(), java.time.Duration.ofSeconds(10)),
                properties.httpAllowPrivate(), new LoggerSinkWriter(), catalogBase(properties)), serviceTokens.getIfAvailable(),
                userTokens(actingTokens.getIfAvailable()), integrationsBase(properties)));
    }

    /** Without Spring (unit tests): no service token, so llm.invoke and integration.invoke answer on their error port. */
    public ComponentRegistry(RuntimeProperties properties) {
        this(withIntegrations(Builtins.all(HttpGuard.client(properties.httpAllowPrivate(), java.time.Duration.ofSeconds(10)),
                properties.httpAllowPrivate(), new LoggerSinkWriter(), catalogBase(properties)), null, null,
                integrationsBase(properties)));
    }

    private static UserTokens userTokens(ActingTokenClient client) {
        return client == null ? null : (user, org) -> client.forUser(user, org).map(ActingTokenClient.Acting::token);
    }

    // The integrations service is platform-internal (often a private address): its clients are not SSRF-guarded.
    // llm.invoke uses the internal execute endpoint with the service token; integration.invoke the public connector
    // endpoints with the owner's own token (no service token on that client, and no redirects to follow it elsewhere).
    private static List<Component> withIntegrations(List<Component> builtins, ServiceTokenClient serviceTokens,
            UserTokens userTokens, String base) {
        List<Component> all = new ArrayList<>(builtins);
        OkHttpClient plain = new OkHttpClient.Builder().callTimeout(java.time.Duration.ofSeconds(120))
                .followRedirects(false).followSslRedirects(false).build();
        OkHttpClient service = serviceTokens == null ? null : plain.newBuilder().addInterceptor(serviceTokens.interceptor()).build();
        all.add(LlmInvoke.component(service, base));
        all.add(IntegrationInvoke.component(userTokens == null ? null : plain, userTokens, base));
        return all;
    }

    ComponentRegistry(List<Component> all) {
        for (Component component : all) {
            components.put(component.spec().id(), component);
            configSchemas.put(component.spec().id(), schemas.getSchema(schemaOf(component.spec().config(), true)));
        }
    }

    private static String integrationsBase(RuntimeProperties properties) {
        String base = properties.integrationsUrl() == null || properties.integrationsUrl().isBlank()
                ? dev.symbia.core.SymbiaService.INTEGRATIONS.url(System.getenv()) : properties.integrationsUrl();
        return base.replaceAll("/+$", "");
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
        return schema == null ? new ArrayList<>() : errors(schema, config);
    }

    /**
     * The config's problems against a catalog manifest's declared config ({@code {field: {type?, enum?, required?}}}):
     * the fields it names (others refused), those it requires, and their allowed values; compiled once per distinct
     * declaration. Value types are the running component's to check ({@link #configErrors(String, JsonNode)}): the
     * manifest format has one type per field, while e.g. filter's {@code value} compares numbers and strings alike.
     */
    public List<Map<String, String>> manifestConfigErrors(ObjectNode declaration, JsonNode config) {
        String text = declaration.toString();
        Schema schema = declaredSchemas.get(text);
        if (schema == null) {
            if (declaredSchemas.size() > 1_000) {
                declaredSchemas.clear(); // manifests change rarely; a bound against a catalog that churns
            }
            try {
                schema = schemas.getSchema(schemaOf(declaration, false));
            } catch (RuntimeException e) {
                return new ArrayList<>(List.of(Map.of("field", "", "message", "cannot be checked: the declared config is not a usable schema")));
            }
            declaredSchemas.put(text, schema);
        }
        return errors(schema, config);
    }

    private static List<Map<String, String>> errors(Schema schema, JsonNode config) {
        List<Map<String, String>> out = new ArrayList<>();
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
    static ObjectNode schemaOf(ObjectNode declaration, boolean typed) {
        ObjectNode schema = Values.object();
        schema.put("type", "object");
        ObjectNode properties = schema.putObject("properties");
        ArrayNode required = Values.NODES.arrayNode();
        for (Map.Entry<String, JsonNode> entry : declaration.properties()) {
            ObjectNode property = properties.putObject(entry.getKey());
            JsonNode type = entry.getValue().get("type");
            if (type != null && typed) {
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
