package dev.symbia.integrations.provider;

import dev.symbia.core.SymbiaService;
import dev.symbia.integrations.provider.ProvidersProperties.ProviderSettings;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import okhttp3.HttpUrl;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The enabled providers in a stable order (SPEC §4's table order, then any extra OpenAI-compatible
 * servers by name), and which one is the default. Invalid configuration fails at startup rather
 * than on the first chat.
 */
@Component
public class ProviderRegistry {

    public static final String LOCAL = "local";
    private static final List<String> CANONICAL_ORDER = List.of("sambanova", "huggingface", "openai", LOCAL);

    private final List<ProviderConfig> providers;
    private final String defaultProvider;

    public ProviderRegistry(ProvidersProperties properties, Environment environment) {
        List<String> names = new ArrayList<>(properties.providers().keySet());
        names.sort(Comparator.comparingInt((String n) -> {
            int index = CANONICAL_ORDER.indexOf(n);
            return index < 0 ? CANONICAL_ORDER.size() : index;
        }).thenComparing(Comparator.naturalOrder()));
        List<ProviderConfig> resolved = new ArrayList<>();
        for (String name : names) {
            ProviderSettings settings = properties.providers().get(name);
            if (settings.enabled()) {
                resolved.add(resolve(name, settings, environment));
            }
        }
        this.providers = List.copyOf(resolved);
        this.defaultProvider = chooseDefault(properties.defaultProvider().trim(), properties.providers());
    }

    public List<ProviderConfig> all() {
        return providers;
    }

    public Optional<ProviderConfig> find(String name) {
        return providers.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    public ProviderConfig defaultProvider() {
        return find(defaultProvider).orElseThrow();
    }

    private String chooseDefault(String configured, Map<String, ProviderSettings> settings) {
        if (providers.isEmpty()) {
            throw new IllegalStateException("No LLM provider is enabled under integrations.providers");
        }
        if (!configured.isEmpty()) {
            if (find(configured).isEmpty()) {
                throw new IllegalStateException("SYMBIA_DEFAULT_PROVIDER names an unknown or disabled provider: "
                        + configured + " (known: " + providers.stream().map(ProviderConfig::name).toList() + ")");
            }
            return configured;
        }
        return providers.stream()
                .filter(p -> p.requiresKey() && settings.get(p.name()).hasApiKey())
                .findFirst()
                .or(() -> find(LOCAL))
                .orElse(providers.getFirst())
                .name();
    }

    private static ProviderConfig resolve(String name, ProviderSettings settings, Environment environment) {
        String base = settings.baseUrl().isBlank() && LOCAL.equals(name)
                ? SymbiaService.MODELS.url(Map.of("MODELS_SERVICE_URL",
                        environment.getProperty("MODELS_SERVICE_URL", ""))) + "/v1"
                : settings.baseUrl().trim();
        HttpUrl url = HttpUrl.parse(stripTrailingSlashes(base));
        if (url == null) {
            throw new IllegalStateException("Provider " + name + " has an invalid base URL: '" + base + "'");
        }
        String model = settings.defaultModel().isBlank() ? null : settings.defaultModel().trim();
        return new ProviderConfig(name, url, model, settings.models(), settings.requiresKey(), settings.includeUsage(),
                java.util.Set.copyOf(settings.unsupportedParams()));
    }

    private static String stripTrailingSlashes(String url) {
        String trimmed = url;
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed;
    }
}
