package dev.symbia.integrations.credential;

/**
 * A provider API key and where it came from. Lives for one call: never cached, logged or stored.
 *
 * @param apiKey the secret, or null for key-less providers
 * @param origin where it came from
 */
public record Credential(String apiKey, CredentialOrigin origin) {

    public static final Credential NONE = new Credential(null, CredentialOrigin.NONE);

    // Records print every component; this one must never print the key.
    @Override
    public String toString() {
        return "Credential[origin=" + origin + ", apiKey=" + (apiKey == null ? "<none>" : "<redacted>") + "]";
    }
}
