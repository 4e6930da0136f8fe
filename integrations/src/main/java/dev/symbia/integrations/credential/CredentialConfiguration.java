package dev.symbia.integrations.credential;

import dev.symbia.auth.AuthUnavailableException;
import dev.symbia.auth.ServiceTokenClient;
import dev.symbia.auth.SymbiaAuthProperties;
import dev.symbia.core.SymbiaService;
import dev.symbia.integrations.provider.ProvidersProperties;
import dev.symbia.relay.Relay;
import io.micrometer.core.instrument.binder.okhttp3.OkHttpObservationInterceptor;
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
 * Assembles the credential chain: the vault first when this service can get a service token
 * (a {@link ServiceTokenSupplier} bean, else libs/auth's {@link ServiceTokenClient}, which exists
 * when {@code INTERNAL_SERVICE_SECRET} is set), then the environment.
 */
@Configuration(proxyBeanMethods = false)
class CredentialConfiguration {

    private static final Logger log = LoggerFactory.getLogger(CredentialConfiguration.class);

    @Bean
    CredentialChain credentialChain(ProvidersProperties providers, VaultProperties vault, OkHttpClient http,
            JsonMapper json, Environment environment, SymbiaAuthProperties auth,
            ObjectProvider<ServiceTokenSupplier> serviceTokens, ObjectProvider<ServiceTokenClient> serviceTokenClient,
            ObjectProvider<OkHttpObservationInterceptor> tracing, ObjectProvider<Relay> relay) {
        List<CredentialSource> sources = new ArrayList<>();
        ServiceTokenSupplier tokens = serviceTokens.getIfAvailable(() -> fromClient(serviceTokenClient.getIfAvailable()));
        if (tokens != null) {
            // The lookup is a span of the call's trace (it runs before every provider call): identity's side joins it.
            // Only this client is traced: provider calls leave the platform and carry no traceparent.
            OkHttpClient.Builder vaultHttp = http.newBuilder().callTimeout(vault.timeout());
            tracing.ifAvailable(vaultHttp::addInterceptor);
            Relay network = relay.getIfAvailable();
            VaultMisses misses = network == null || vault.missTtl().isZero() ? null
                    : new VaultMisses(network, vault.missTtl(), System::nanoTime);
            sources.add(new VaultCredentialSource(vaultHttp.build(), identityUrl(vault, auth, environment), tokens, json,
                    misses));
        } else {
            log.info("No INTERNAL_SERVICE_SECRET: provider keys come from the environment only (vault lookup off)");
        }
        sources.add(new EnvCredentialSource(providers));
        return new CredentialChain(sources, tokens);
    }

    /** The service token libs/auth fetches and renews; failures surface as a vault miss (env key fallback). */
    private static ServiceTokenSupplier fromClient(ServiceTokenClient client) {
        if (client == null) {
            return null;
        }
        return () -> {
            try {
                return client.token();
            } catch (AuthUnavailableException e) {
                throw new IllegalStateException("no service token: " + e.getMessage(), e);
            }
        };
    }

    /** The vault is identity: the URL symbia-auth authenticates against, unless one is set for the vault. */
    private static HttpUrl identityUrl(VaultProperties vault, SymbiaAuthProperties auth, Environment environment) {
        String base;
        if (!vault.baseUrl().isBlank()) {
            base = vault.baseUrl();
        } else if (!auth.identityUrl().isBlank()) {
            base = auth.identityUrl().trim();
        } else {
            base = SymbiaService.IDENTITY.url(Map.of("IDENTITY_SERVICE_URL", environment.getProperty("IDENTITY_SERVICE_URL", "")));
        }
        HttpUrl url = HttpUrl.parse(base);
        if (url == null) {
            throw new IllegalStateException("Invalid identity URL for the credential vault: '" + base + "'");
        }
        return url;
    }
}
