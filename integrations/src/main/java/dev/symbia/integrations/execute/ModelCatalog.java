package dev.symbia.integrations.execute;

import dev.symbia.integrations.credential.Credential;
import dev.symbia.integrations.provider.ProviderConfig;
import dev.symbia.integrations.provider.ProviderRegistry;
import dev.symbia.integrations.provider.openai.OpenAiCompatibleClient;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Which models a provider offers: its configured default and extra models, and — for the local
 * models service or a server with no configured default — what it lists at {@code /models}
 * (cached briefly; a failed listing is not cached).
 */
@Component
public class ModelCatalog {

    private static final Duration LIST_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration CACHE_FOR = Duration.ofSeconds(60);

    private final OpenAiCompatibleClient client;
    private final Map<String, Listing> listings = new ConcurrentHashMap<>();

    public ModelCatalog(OpenAiCompatibleClient client) {
        this.client = client;
    }

    public Optional<String> defaultModel(ProviderConfig provider, Credential credential) {
        if (provider.defaultModel() != null) {
            return Optional.of(provider.defaultModel());
        }
        return listed(provider, credential).stream().findFirst();
    }

    /** Model ids to advertise on {@code /v1/models}, default first. */
    public List<String> advertised(ProviderConfig provider, Credential credential) {
        Set<String> ids = new LinkedHashSet<>();
        if (provider.defaultModel() != null) {
            ids.add(provider.defaultModel());
        }
        ids.addAll(provider.models());
        if (ProviderRegistry.LOCAL.equals(provider.name()) || provider.defaultModel() == null) {
            ids.addAll(listed(provider, credential));
        }
        return List.copyOf(ids);
    }

    private List<String> listed(ProviderConfig provider, Credential credential) {
        Listing cached = listings.get(provider.name());
        long now = System.nanoTime();
        if (cached != null && now - cached.atNanos() < CACHE_FOR.toNanos()) {
            return cached.ids();
        }
        List<String> ids = client.listModels(provider, credential.apiKey(), LIST_TIMEOUT);
        if (!ids.isEmpty()) {
            listings.put(provider.name(), new Listing(ids, now));
        }
        return ids;
    }

    private record Listing(List<String> ids, long atNanos) {
    }
}
