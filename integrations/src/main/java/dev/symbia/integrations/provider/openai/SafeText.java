package dev.symbia.integrations.provider.openai;

import java.util.regex.Pattern;

/**
 * Makes provider-supplied text safe to show a caller: no credentials (the key we sent, anything
 * shaped like a bearer token or API key), no control characters, bounded length.
 */
final class SafeText {

    static final int MAX_LENGTH = 300;

    private static final Pattern BEARER = Pattern.compile("(?i)bearer\\s+\\S+");
    private static final Pattern KEY_LIKE = Pattern.compile("\\b(?:sk|hf|pk|rk|api|key)[-_][A-Za-z0-9*._-]{6,}");
    private static final Pattern OPAQUE = Pattern.compile("[A-Za-z0-9+/_=*-]{32,}");
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cntrl}&&[^\\n\\t]]");
    private static final Pattern SPACE = Pattern.compile("\\s+");

    private SafeText() {
    }

    static String clean(String raw, String secret) {
        if (raw == null) {
            return null;
        }
        String text = raw;
        if (secret != null && !secret.isEmpty()) {
            text = text.replace(secret, "[redacted]");
        }
        text = BEARER.matcher(text).replaceAll("[redacted]");
        text = KEY_LIKE.matcher(text).replaceAll("[redacted]");
        text = OPAQUE.matcher(text).replaceAll("[redacted]");
        text = CONTROL.matcher(text).replaceAll("");
        text = SPACE.matcher(text).replaceAll(" ").trim();
        if (text.isEmpty()) {
            return null;
        }
        return text.length() > MAX_LENGTH ? text.substring(0, MAX_LENGTH - 1) + "…" : text;
    }
}
