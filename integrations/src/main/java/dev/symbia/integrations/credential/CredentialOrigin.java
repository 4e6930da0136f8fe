package dev.symbia.integrations.credential;

import java.util.Locale;

/** Where a provider key came from, in precedence order. Recorded on every usage row. */
public enum CredentialOrigin {
    /** The caller's own key in identity's vault. */
    USER,
    /** The org-wide key in identity's vault. */
    ORG,
    /** The platform default from the environment ({@code SAMBANOVA_API_KEY}, …). */
    ENV,
    /** No key: a key-less provider such as the local models service. */
    NONE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
