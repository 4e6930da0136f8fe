package dev.symbia.integrations.credential;

import java.util.Map;

/**
 * A provider API key and where it came from. Lives for one call: never cached, logged or stored.
 *
 * @param apiKey  the secret sent as {@code Authorization: Bearer}, or null for key-less providers; for the
 *                local models service it is this service's own service token
 * @param origin  where it came from
 * @param headers further headers the call carries (for the models service: the org and user it acts for)
 */
public record Credential(String apiKey, CredentialOrigin origin, Map<String, String> headers) {

    public static final Credential NONE = new Credential(null, CredentialOrigin.NONE);

    public Credential {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    public Credential(String apiKey, CredentialOrigin origin) {
        this(apiKey, origin, Map.of());
    }

    // Records print every component; this one must never print the key.
    @Override
    public String toString() {
        return "Credential[origin=" + origin + ", apiKey=" + (apiKey == null ? "<none>" : "<redacted>") + "]";
    }
}
