package dev.symbia.integrations.credential;

import dev.symbia.core.PlatformHeaders;
import dev.symbia.integrations.provider.ProviderRegistry;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Asks each source in order and takes the first key found: user's own → org-wide → environment. */
public final class CredentialChain implements CredentialSource, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CredentialChain.class);

    private final List<CredentialSource> sources;
    private final ServiceTokenSupplier serviceTokens;

    public CredentialChain(List<CredentialSource> sources) {
        this(sources, null);
    }

    /** With {@code serviceTokens}, calls to the local models service carry this service's token. */
    public CredentialChain(List<CredentialSource> sources, ServiceTokenSupplier serviceTokens) {
        this.sources = List.copyOf(sources);
        this.serviceTokens = serviceTokens;
    }

    /**
     * What a call to a provider that takes no API key carries. The local models service is a platform
     * service: it refuses anonymous calls and applies the org's model policy, so it gets this service's
     * token plus the org and user the call is made for. Only {@code local} gets them: any other key-less
     * server (an Ollama configured as a provider) is outside the platform and must never see our token.
     */
    public Credential keyless(Account owner, String provider) {
        if (!ProviderRegistry.LOCAL.equals(provider)) {
            return Credential.NONE;
        }
        Map<String, String> acting = Map.of(PlatformHeaders.ORG, owner.orgId(),
                PlatformHeaders.ACTING_USER, owner.userId());
        String token = null;
        if (serviceTokens != null) {
            try {
                token = serviceTokens.serviceToken();
            } catch (RuntimeException e) {
                // The models service will answer 401, which the caller sees as a provider-credentials problem.
                log.warn("No service token for the local models service ({})", e.getClass().getSimpleName());
            }
        }
        return new Credential(token, CredentialOrigin.NONE, acting);
    }

    @Override
    public Optional<Credential> find(Account owner, String provider) {
        for (CredentialSource source : sources) {
            Optional<Credential> found = source.find(owner, provider);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    /** Ends what the sources hold (the vault's subscription to new-key announcements). */
    @Override
    public void close() throws Exception {
        for (CredentialSource source : sources) {
            if (source instanceof AutoCloseable closeable) {
                closeable.close();
            }
        }
    }
}
