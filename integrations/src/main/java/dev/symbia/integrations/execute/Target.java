package dev.symbia.integrations.execute;

import dev.symbia.integrations.credential.Credential;
import dev.symbia.integrations.provider.ProviderConfig;

/** One provider attempt's destination: provider, model and the key to use. */
record Target(ProviderConfig provider, String model, Credential credential) {

    String name() {
        return provider.name();
    }
}
