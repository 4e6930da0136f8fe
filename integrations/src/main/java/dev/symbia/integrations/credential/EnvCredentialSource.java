package dev.symbia.integrations.credential;

import dev.symbia.integrations.provider.ProvidersProperties.ProviderSettings;
import dev.symbia.integrations.provider.ProvidersProperties;
import java.util.Optional;

/** The platform-wide default keys from the environment ({@code SAMBANOVA_API_KEY}, …), the same for every caller. */
final class EnvCredentialSource implements CredentialSource {

    private final ProvidersProperties properties;

    EnvCredentialSource(ProvidersProperties properties) {
        this.properties = properties;
    }

    @Override
    public Optional<Credential> find(Account owner, String provider) {
        ProviderSettings settings = properties.providers().get(provider);
        if (settings == null || !settings.hasApiKey()) {
            return Optional.empty();
        }
        return Optional.of(new Credential(settings.apiKey(), CredentialOrigin.ENV));
    }
}
