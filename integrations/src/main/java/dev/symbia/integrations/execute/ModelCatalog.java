package dev.symbia.integrations.execute;

import dev.symbia.core.PlatformHeaders;
import dev.symbia.integrations.credential.Credential;
import dev.symbia.integrations.provider.ProviderConfig;
import dev.symbia.integrations.provider.openai.OpenAiCompatibleClient;
import dev.symbia.integrations.provider.openai.OpenAiCompatibleClient.ModelListing;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Which models a provider offers: what it lists at its own {@code /models} with the caller's key
 * (cached for a minute per provider and key, since what a key may use differs), merged with its
 * configured default and extra models. A provider that cannot be reached still offers its
 * configured models, and says why the list is incomplete. A failed listing is not cached.
 */
@Component
public class ModelCatalog {

    private static final Duration LIST_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration CACHE_FOR = Duration.ofSeconds(60);
    private static final int MAX_CACHED = 1000;

    private final OpenAiCompatibleClient client;
    private final Map<String, Listing> listings = new ConcurrentHashMap<>();

    public ModelCatalog(OpenAiCompatibleClient client) {
        this.client = client;
    }

    /** A provider's offer: model ids (configured default first), and why the live list is missing, if it is. */
    public record Offer(List<String> ids, String unreachable) {
    }

    public Optional<String> defaultModel(ProviderConfig provider, Credential credential) {
        if (provider.defaultModel() != null) {
            return Optional.of(provider.defaultModel());
        }
        return listed(provider, credential).ids().stream().findFirst();
    }

    /** Model ids to advertise on {@code /v1/models}, default first. */
    public List<String> advertised(ProviderConfig provider, Credential credential) {
        return offer(provider, credential).ids();
    }

    public Offer offer(ProviderConfig provider, Credential credential) {
        Set<String> ids = new LinkedHashSet<>();
        if (provider.defaultModel() != null) {
            ids.add(provider.defaultModel());
        }
        ids.addAll(provider.models());
        ModelListing listing = listed(provider, credential);
        ids.addAll(listing.ids());
        return new Offer(List.copyOf(ids), listing.problem());
    }

    /** Forgets every cached list (tests; a provider whose offer changed). */
    public void forget() {
        listings.clear();
    }

    private ModelListing listed(ProviderConfig provider, Credential credential) {
        // The models service lists per org (its model policy): its list is cached per org as well as per key.
        String key = provider.name() + ":" + fingerprint(credential.apiKey()) + ":"
                + credential.headers().getOrDefault(PlatformHeaders.ORG, "-");
        Listing cached = listings.get(key);
        long now = System.nanoTime();
        if (cached != null && now - cached.atNanos() < CACHE_FOR.toNanos()) {
            return cached.listing();
        }
        ModelListing listing = client.listModels(provider, credential.apiKey(), credential.headers(), LIST_TIMEOUT);
        if (listing.ok()) {
            if (listings.size() >= MAX_CACHED) {
                listings.clear(); // bounded: many distinct keys within a minute simply list again
            }
            listings.put(key, new Listing(listing, now));
        }
        return listing;
    }

    // Keys are cached apart without holding the key itself.
    private static String fingerprint(String apiKey) {
        if (apiKey == null || apiKey.isEmpty()) {
            return "-";
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(apiKey.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Listing(ModelListing listing, long atNanos) {
    }
}
