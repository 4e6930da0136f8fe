package dev.symbia.integrations.provider.openai;

import dev.symbia.integrations.stream.ErrorCategory;
import dev.symbia.integrations.stream.ProviderFailure;

/**
 * Whether a key can travel in an HTTP header at all. A stored credential with a newline, another
 * control character or non-ASCII text would make OkHttp refuse the header (an exception, i.e. a
 * 500, for every call using that key); such a key fails only its own calls, with a clear problem
 * that names the credential's fault and never its value.
 */
final class CredentialText {

    private CredentialText() {
    }

    /** Null when usable (or absent), else the failure to answer with. */
    static ProviderFailure problem(String provider, String apiKey) {
        if (apiKey == null) {
            return null;
        }
        for (int i = 0; i < apiKey.length(); i++) {
            char c = apiKey.charAt(i);
            // What OkHttp accepts in a header value: tab and visible ASCII (space included).
            if (c != '\t' && (c < 0x20 || c > 0x7e)) {
                return ProviderFailure.of(ErrorCategory.CREDENTIAL, "The API key stored for provider " + provider
                        + " contains a newline, another control character or non-ASCII text, which an HTTP header"
                        + " cannot carry; replace the credential.");
            }
        }
        return null;
    }
}
