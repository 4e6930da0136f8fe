package dev.symbia.integrations.provider;

import java.util.List;
import java.util.Set;
import okhttp3.HttpUrl;

/**
 * A resolved, enabled provider: where it lives and what it serves. Holds no secret; keys come
 * from the credential sources per call.
 *
 * @param name         provider id used in requests and model ids ({@code sambanova}, …)
 * @param baseUrl      API base, e.g. {@code https://api.sambanova.ai/v1}
 * @param defaultModel configured default model, or null when it must be discovered
 * @param models       extra advertised model ids
 * @param requiresKey  whether calls need an API key
 * @param includeUsage whether to request the trailing usage chunk
 * @param unsupportedParams OpenAI request fields this provider does not honour (a call using one is a 400)
 */
public record ProviderConfig(String name, HttpUrl baseUrl, String defaultModel, List<String> models,
        boolean requiresKey, boolean includeUsage, Set<String> unsupportedParams) {

    public ProviderConfig {
        unsupportedParams = unsupportedParams == null ? Set.of() : Set.copyOf(unsupportedParams);
    }

    public ProviderConfig(String name, HttpUrl baseUrl, String defaultModel, List<String> models, boolean requiresKey,
            boolean includeUsage) {
        this(name, baseUrl, defaultModel, models, requiresKey, includeUsage, Set.of());
    }

    /** The first of {@code features} (OpenAI field names) this provider does not honour, if any. */
    public java.util.Optional<String> refuses(List<String> features) {
        return features.stream().filter(unsupportedParams::contains).findFirst();
    }

    public HttpUrl endpoint(String path) {
        return baseUrl.newBuilder().addPathSegments(path).build();
    }
}
