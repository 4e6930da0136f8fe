package dev.symbia.integrations.credential;

import dev.symbia.integrations.caller.Caller;
import java.util.List;
import java.util.Optional;

/** Asks each source in order and takes the first key found: user's own → org-wide → environment. */
public final class CredentialChain implements CredentialSource {

    private final List<CredentialSource> sources;

    public CredentialChain(List<CredentialSource> sources) {
        this.sources = List.copyOf(sources);
    }

    @Override
    public Optional<Credential> find(Caller caller, String provider) {
        for (CredentialSource source : sources) {
            Optional<Credential> found = source.find(caller, provider);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }
}
