package dev.symbia.integrations.provider;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The LLM providers this gateway can call. Bound from {@code integrations.*}; application.yml maps
 * the platform's environment contract onto it ({@code SYMBIA_DEFAULT_PROVIDER}, {@code
 * SAMBANOVA_API_KEY}, {@code HUGGINGFACE_BASE_URL}, …, SPEC §4).
 *
 * @param defaultProvider provider used when a request names none; blank = the first with a key, else local
 * @param providers       provider name → settings
 */
@Validated
@ConfigurationProperties("symbia.integrations")
public record ProvidersProperties(@NotNull @DefaultValue("") String defaultProvider,
        Map<String, @Valid ProviderSettings> providers) {

    public ProvidersProperties {
        providers = providers == null ? Map.of() : Map.copyOf(providers);
    }

    /**
     * One OpenAI-compatible provider.
     *
     * @param apiKey       platform-wide key from the environment; the vault's user or org key wins over it
     * @param baseUrl      base URL ending in the API version, e.g. {@code https://api.sambanova.ai/v1};
     *                     blank for {@code local} = the models service ({@code MODELS_SERVICE_URL}) + {@code /v1}
     * @param defaultModel model used when a request names none; blank = the first one the server lists
     * @param models       extra model ids advertised on {@code /v1/models}
     * @param requiresKey  false for servers that take no key (the local models service)
     * @param includeUsage ask for the trailing usage chunk ({@code stream_options.include_usage})
     * @param enabled      false hides the provider entirely
     * @param unsupportedParams OpenAI chat fields the provider does not honour ({@code logit_bias}, {@code tools}, …):
     *                     a request using one is refused with a 400 naming provider and field, never silently dropped
     */
    public record ProviderSettings(@DefaultValue("") String apiKey, @NotNull @DefaultValue("") String baseUrl,
            @NotNull @DefaultValue("") String defaultModel, @DefaultValue List<String> models,
            @DefaultValue("true") boolean requiresKey, @DefaultValue("true") boolean includeUsage,
            @DefaultValue("true") boolean enabled, @DefaultValue List<String> unsupportedParams) {

        @ConstructorBinding
        public ProviderSettings {
            apiKey = apiKey == null ? "" : apiKey.trim();
            models = models == null ? List.of() : List.copyOf(models);
            unsupportedParams = unsupportedParams == null ? List.of() : List.copyOf(unsupportedParams);
        }

        public ProviderSettings(String apiKey, String baseUrl, String defaultModel, List<String> models,
                boolean requiresKey, boolean includeUsage, boolean enabled) {
            this(apiKey, baseUrl, defaultModel, models, requiresKey, includeUsage, enabled, List.of());
        }

        public boolean hasApiKey() {
            return !apiKey.isEmpty();
        }

        // Records print every component; this one must never print the key.
        @Override
        public String toString() {
            return "ProviderSettings[baseUrl=" + baseUrl + ", defaultModel=" + defaultModel + ", apiKey="
                    + (hasApiKey() ? "<set>" : "<none>") + "]";
        }
    }
}
