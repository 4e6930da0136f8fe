package dev.symbia.integrations.execute;

import dev.symbia.auth.SymbiaPrincipal;
import dev.symbia.integrations.credential.Account;
import dev.symbia.integrations.credential.Credential;
import dev.symbia.integrations.credential.CredentialChain;
import dev.symbia.integrations.provider.CircuitBreakers;
import dev.symbia.integrations.provider.ProviderConfig;
import dev.symbia.integrations.provider.ProviderRegistry;
import dev.symbia.integrations.support.Callers;
import java.util.List;
import java.util.Optional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/providers} (through the gateway {@code /api/integrations/providers}): the
 * configured providers, their default models, and whether the caller has a key for each (and whose)
 * — never the key itself.
 */
@RestController
class ProvidersController {

    private static final List<String> OPERATIONS = List.of("chat.completions");

    private final ProviderRegistry registry;
    private final CredentialChain credentials;
    private final CircuitBreakers breakers;

    ProvidersController(ProviderRegistry registry, CredentialChain credentials,
            CircuitBreakers breakers) {
        this.registry = registry;
        this.credentials = credentials;
        this.breakers = breakers;
    }

    record ProviderView(String name, boolean isDefault, String defaultModel, List<String> models,
            List<String> operations, CredentialView credential, String circuit) {
    }

    record CredentialView(boolean required, boolean available, String source) {
    }

    record ProvidersView(String defaultProvider, List<ProviderView> providers) {
    }

    @GetMapping("/api/providers")
    ProvidersView providers(SymbiaPrincipal principal) {
        Account account = Account.of(Callers.of(principal));
        String defaultName = registry.defaultProvider().name();
        List<ProviderView> views = registry.all().stream().map(p -> view(p, account, defaultName)).toList();
        return new ProvidersView(defaultName, views);
    }

    private ProviderView view(ProviderConfig provider, Account account, String defaultName) {
        CredentialView credential;
        if (!provider.requiresKey()) {
            credential = new CredentialView(false, true, "none");
        } else {
            Optional<Credential> found = credentials.find(account, provider.name());
            credential = new CredentialView(true, found.isPresent(),
                    found.map(c -> c.origin().wireName()).orElse(null));
        }
        return new ProviderView(provider.name(), provider.name().equals(defaultName), provider.defaultModel(),
                provider.models(), OPERATIONS, credential, breakers.state(provider.name()));
    }
}
