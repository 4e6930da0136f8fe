package dev.symbia.integrations.credential;

import dev.symbia.integrations.caller.Caller;
import java.util.List;
import java.util.Optional;

/** Asks each source in order and takes the first key found: user's own → org-wide → environment. */
public final class CredentialChain implements CredentialSource, AutoCloseable {

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
