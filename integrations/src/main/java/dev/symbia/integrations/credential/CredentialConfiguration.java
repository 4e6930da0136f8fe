package dev.symbia.integrations.credential;

import dev.symbia.core.SymbiaService;
import dev.symbia.integrations.provider.ProvidersProperties;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import tools.jackson.databind.json.JsonMapper;

/**
 * Assembles the credential chain: the vault first when a {@link ServiceTokenSupplier} exists
 * (libs/auth provides it), then the environment.
 */
@Configuration(proxyBeanMethods = false)
class CredentialConfiguration {

    private static final Logger log = LoggerFactory.getLogger(CredentialConfiguration.class);

    @Bean
    CredentialChain credentialChain(ProvidersProperties providers, VaultProperties vault, OkHttpClient http,
            JsonMapper json, Environment environment, ObjectProvider<ServiceTokenSupplier> serviceTokens) {
        List<CredentialSource> sources = new ArrayList<>();
        ServiceTokenSupplier tokens = serviceTokens.getIfAvailable();
        if (tokens != null) {
            sources.add(new VaultCredentialSource(http.newBuilder().callTimeout(vault.timeout()).build(),
                    identityUrl(vault, environment), tokens, json));
        } else {
            log.info("No service token supplier: provider keys come from the environment only (vault lookup off)");
        }
        sources.add(new EnvCredentialSource(providers));
        return new CredentialChain(sources);
    }

    private static HttpUrl identityUrl(VaultProperties vault, Environment environment) {
        String base = vault.baseUrl().isBlank()
                ? SymbiaService.IDENTITY.url(Map.of("IDENTITY_SERVICE_URL", environment.getProperty("IDENTITY_SERVICE_URL", "")))
                : vault.baseUrl();
        HttpUrl url = HttpUrl.parse(base);
        if (url == null) {
            throw new IllegalStateException("Invalid identity URL for the credential vault: '" + base + "'");
        }
        return url;
    }
}
